/**
 * Event IDs derived from the shop's own IDs (an extra), with the functions the collector uses, so
 * pixel and server sends carry one ID: a purchase's from its order ID, any other event's from its
 * name and its `id` property (a lead ID, an account ID).
 */
export { purchaseEventId, shopEventId } from '@tandem/protocol/event-id';
