import type { Answer } from '../endpoint.js';

/** One `GoogleAdsError`: its `errorCode` family and value, message, and the row it is about. */
export interface AdsError {
  family: string;
  code: string;
  message: string;
  /** Index in `conversions`, for a row error. */
  index?: number;
  field?: string;
}

const requestId = (): string => Math.random().toString(36).slice(2, 14);

function toJson(e: AdsError) {
  return {
    errorCode: { [e.family]: e.code },
    message: e.message,
    ...(e.index !== undefined
      ? {
          location: {
            fieldPathElements: [
              { fieldName: 'conversions', index: e.index },
              ...(e.field ? [{ fieldName: e.field }] : []),
            ],
          },
        }
      : {}),
  };
}

/** `GoogleAdsFailure` in a `google.rpc.Status` detail, as the REST interface returns it. */
export function failureStatus(code: number, status: string, errors: AdsError[], version: string) {
  return {
    code,
    message: errors.map((e) => e.message).join(', '),
    ...(status ? { status } : {}),
    details: [
      {
        '@type': `type.googleapis.com/google.ads.googleads.${version}.errors.GoogleAdsFailure`,
        errors: errors.map(toJson),
        requestId: requestId(),
      },
    ],
  };
}

const STATUS: Record<number, [string, number]> = {
  400: ['INVALID_ARGUMENT', 3],
  401: ['UNAUTHENTICATED', 16],
  403: ['PERMISSION_DENIED', 7],
  404: ['NOT_FOUND', 5],
  429: ['RESOURCE_EXHAUSTED', 8],
  500: ['INTERNAL', 13],
};

/** A whole-request error `{error: {code, message, status, details}}`. */
export function adsError(http: Answer['status'], errors: AdsError[], version = 'v26'): Answer {
  const [status] = STATUS[http] ?? ['UNKNOWN', 2];
  return {
    status: http,
    body: { error: { ...failureStatus(http, status, errors, version), code: http } },
    error: errors.map((e) => `${e.family} ${e.code}`).join(', '),
  };
}
