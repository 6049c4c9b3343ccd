/**
 * Stands in for an AppSync Events HTTP endpoint in the least-privilege test: every `POST /event` the projector's
 * code sends is recorded as IAM authorizes it (`appsync:EventPublish` on the channel's namespace of the deployed
 * Event API) and answered as AppSync answers an accepted publish. A request not signed with SigV4 for `appsync`
 * (the namespace allows IAM only) is recorded as unmapped and refused.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { AwsCall } from "./iam-policy.js";

export interface EventPublishRecorder {
  /** `http://127.0.0.1:<port>/event`: the projector's LIVE_EVENTS_URL in the test. */
  readonly url: string;
  readonly calls: AwsCall[];
  readonly unmapped: string[];
  stop(): Promise<void>;
}

export async function startEventPublishRecorder(apiArn: string): Promise<EventPublishRecorder> {
  const calls: AwsCall[] = [];
  const unmapped: string[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const authorization = String(request.headers.authorization ?? "");
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as {
        channel?: string;
        events?: unknown[];
      };
      const namespace = body.channel?.split("/")[1];
      if (
        !/^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/[a-z0-9-]+\/appsync\/aws4_request/.test(authorization) ||
        !namespace
      ) {
        unmapped.push(`a publish not signed for appsync, or without a channel: ${request.method} ${request.url}`);
        response.writeHead(401, { "content-type": "application/json" }).end('{"errors":[]}');
        return;
      }
      calls.push({
        action: "appsync:EventPublish",
        resource: `${apiArn}/channelNamespace/${namespace}`,
        origin: `POST /event (${body.channel})`,
      });
      const successful = (body.events ?? []).map((_, index) => ({ identifier: `recorded-${index}`, index }));
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ successful, failed: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/event`,
    calls,
    unmapped,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
