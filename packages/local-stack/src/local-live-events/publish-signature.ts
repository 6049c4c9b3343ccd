import { AwsV4Signer } from "aws4fetch";

/** The one identity the local stand-in accepts publishes from: the local projector's, never a real AWS key. */
export interface LocalPublisherKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
}

/**
 * Checks a publish's SigV4 signature as the Event API checks IAM: the request is signed again with the local key,
 * at the request's own x-amz-date, over the same method, URL, signed headers and body, and the two
 * Authorization headers must be equal. A request signed with another key, or changed after signing, is refused.
 * (The clock skew AWS allows is not checked: locally both sides share a clock.)
 */
export async function hasValidSignature(
  request: { method: string; url: string; headers: Headers; body: string },
  key: LocalPublisherKey,
): Promise<boolean> {
  const authorization = request.headers.get("authorization") ?? "";
  const datetime = request.headers.get("x-amz-date") ?? "";
  const signedHeaders = /SignedHeaders=([^,\s]+)/.exec(authorization)?.[1];
  if (!authorization.startsWith("AWS4-HMAC-SHA256 ") || !/^\d{8}T\d{6}Z$/.test(datetime) || !signedHeaders)
    return false;
  if (!authorization.includes(`Credential=${key.accessKeyId}/`)) return false;
  const headers = new Headers();
  for (const name of signedHeaders.split(";")) {
    const value = request.headers.get(name);
    if (value !== null && name !== "host") headers.set(name, value);
  }
  const signer = new AwsV4Signer({
    method: request.method,
    url: request.url,
    headers,
    body: request.body,
    accessKeyId: key.accessKeyId,
    secretAccessKey: key.secretAccessKey,
    service: "appsync",
    region: key.region,
    datetime,
  });
  const expected = (await signer.sign()).headers.get("authorization");
  return expected === authorization;
}
