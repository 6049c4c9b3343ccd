import { AwsClient } from "aws4fetch";
import type { FiguresChangedEvent, LivePublisher } from "./figures-changed.js";

interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface AppSyncEventsPublisherOptions {
  /** The Event API's HTTP endpoint, `https://<id>.appsync-api.<region>.amazonaws.com/event` (or the local stand-in's). */
  readonly url: string;
  /** The channel the web apps subscribe to, e.g. `/monitor/figures`. */
  readonly channel: string;
  readonly region: string;
  /** The function's role credentials (Lambda puts them in its environment); read for every publish. */
  readonly credentials: () => AwsCredentials;
  readonly fetch?: typeof fetch;
}

/**
 * Publishes over AppSync Events' HTTP API: `POST /event` with `{ channel, events: [<event as a JSON string>] }`,
 * signed with SigV4 for the service `appsync` (the namespace accepts IAM for publishing; the role may publish to
 * that namespace only). aws4fetch signs it: a small, dependency-free SigV4 signer on Web Crypto, rather than the
 * SDK's signer plus a hash and a credential chain for one request.
 */
export class AppSyncEventsPublisher implements LivePublisher {
  constructor(private readonly options: AppSyncEventsPublisherOptions) {}

  async publish(event: FiguresChangedEvent, signal: AbortSignal): Promise<void> {
    const { url, channel, region } = this.options;
    const client = new AwsClient({ ...this.options.credentials(), service: "appsync", region, retries: 0 });
    const request = await client.sign(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ channel, events: [JSON.stringify(event)] }),
    });
    const response = await (this.options.fetch ?? fetch)(request, { signal });
    const text = await response.text();
    if (!response.ok) throw new Error(`the Event API answered ${response.status}: ${text.slice(0, 200)}`);
    const answer = JSON.parse(text) as { failed?: unknown[] };
    if ((answer.failed ?? []).length > 0) throw new Error(`the Event API refused the event: ${text.slice(0, 200)}`);
  }
}
