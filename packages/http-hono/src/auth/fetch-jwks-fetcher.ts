import { FetchError } from "aws-jwt-verify/error";
import type { Fetcher } from "aws-jwt-verify/https";

/**
 * A JWKS fetcher on the global `fetch`. aws-jwt-verify's own fetcher speaks HTTPS only, and a local
 * issuer serves its keys over plain HTTP on loopback.
 */
export class FetchJwksFetcher implements Fetcher {
  constructor(private readonly timeoutMs = 3000) {}

  async fetch(uri: string): Promise<ArrayBuffer> {
    let response: Response;
    try {
      response = await fetch(uri, {
        signal: AbortSignal.timeout(this.timeoutMs),
        headers: { accept: "application/json" },
      });
    } catch (error) {
      throw new FetchError(uri, (error as Error).message);
    }
    if (!response.ok) throw new FetchError(uri, `status ${response.status}`);
    return response.arrayBuffer();
  }
}
