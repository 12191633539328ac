/**
 * A stand-in for the ad platforms' server APIs, for the dashboard flow: it checks the token like
 * the platforms do (401 otherwise), answers AdRoll's dry runs, refuses Meta events whose order ID
 * starts with `bad-` (400, code 100) until told to accept them, and keeps a ledger of what it
 * counted. The sandbox package will replace it once it serves these APIs.
 */
export interface Received {
  platform: 'adroll' | 'meta';
  dryRun: boolean;
  orderId: string | undefined;
  eventName: string | undefined;
}

export function platformDouble(tokens: { adroll: string; meta: string }) {
  const ledger: Received[] = [];
  let refuseBad = true;
  const fetch = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const target = new URL(String(url));
    const headers = new Headers(init?.headers);
    const body = JSON.parse(String(init?.body ?? 'null')) as unknown;
    if (target.hostname === 'srv.adroll.com') {
      if (headers.get('authorization') !== `Token ${tokens.adroll}`)
        return new Response('unauthorized', { status: 401 });
      const dryRun = target.searchParams.get('dry_run') === 'true';
      for (const e of body as Array<{ event_name: string; event_attributes: { order_id?: string } }>) {
        ledger.push({
          platform: 'adroll',
          dryRun,
          orderId: e.event_attributes.order_id,
          eventName: e.event_name,
        });
      }
      return Response.json({ status: 'ok' });
    }
    if (target.hostname === 'graph.facebook.com') {
      const { data, access_token } = body as {
        access_token: string;
        data: Array<{ event_name: string; custom_data?: { order_id?: string } }>;
      };
      if (access_token !== tokens.meta) {
        return Response.json(
          { error: { message: 'Invalid OAuth access token', code: 190 } },
          { status: 401 },
        );
      }
      if (refuseBad && data.some((e) => e.custom_data?.order_id?.startsWith('bad-'))) {
        return Response.json({ error: { message: 'Invalid parameter', code: 100 } }, { status: 400 });
      }
      for (const e of data) {
        ledger.push({
          platform: 'meta',
          dryRun: false,
          orderId: e.custom_data?.order_id,
          eventName: e.event_name,
        });
      }
      return Response.json({ events_received: data.length, messages: [], fbtrace_id: 'x' });
    }
    return new Response('no such platform', { status: 404 });
  };
  return {
    fetch,
    ledger,
    acceptBadOrders: () => {
      refuseBad = false;
    },
  };
}
