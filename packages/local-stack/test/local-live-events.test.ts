/**
 * The local stand-in for AppSync Events, spoken to as the web app and the projector speak to AppSync: a WebSocket
 * (ws, as a browser would open it) with the Cognito access token in the `header-` subprotocol, and the projector's
 * own SigV4 publisher over HTTP. Tokens come from the local sign-in endpoint, both pools.
 */
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { createLocalIssuerAccessTokenVerifier } from "@cargo-express/http-hono";
import { AppSyncEventsPublisher } from "@cargo-express/stream-handler";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startLocalCognito, type LocalCognito } from "../src/local-cognito.js";
import { startLocalLiveEvents, type LocalLiveEvents } from "../src/local-live-events/local-live-events.js";
import { authenticatorCode, newSecret } from "./support/authenticator.js";

const KEY = { accessKeyId: "LOCALLIVEEVENTS", secretAccessKey: "local-only-secret", region: "local" };
const CHANNEL = "/monitor/figures";
const supervisorSecret = newSecret();

let cognito: LocalCognito;
let live: LocalLiveEvents;
let sdk: CognitoIdentityProviderClient;

beforeAll(async () => {
  cognito = await startLocalCognito({
    port: 0,
    users: [
      { username: "demo", password: "Demo-Pass1", email: "d@example.test", groups: ["dispatchers", "supervisors"] },
      { username: "courier", password: "Courier-Pass1", email: "c@example.test", groups: ["couriers"], courierId: "7" },
    ],
    staff: {
      users: [
        {
          username: "supervisor",
          password: "Super-Pass1",
          email: "s@example.test",
          groups: ["supervisors"],
          totpSecret: supervisorSecret,
        },
      ],
    },
  });
  const verifier = createLocalIssuerAccessTokenVerifier({
    issuer: cognito.issuer,
    clientId: cognito.clientId,
    jwksUri: cognito.jwksUri,
    otherIssuers: [{ issuer: cognito.staff.issuer, clientId: cognito.staff.clientId, jwksUri: cognito.staff.jwksUri }],
  });
  live = await startLocalLiveEvents({
    port: 0,
    host: "127.0.0.1",
    namespaces: ["monitor"],
    verify: (token) => verifier.verify(token),
    subscriberGroup: "supervisors",
    publisherKey: KEY,
    keepAliveMs: 200,
  });
  sdk = new CognitoIdentityProviderClient({ region: "us-east-1", endpoint: cognito.endpoint });
});
afterAll(async () => {
  sdk.destroy();
  await live.stop();
  await cognito.stop();
});

const tokenOf = async (username: string, password: string) =>
  (
    await sdk.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: cognito.clientId,
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    )
  ).AuthenticationResult!.AccessToken!;

const staffToken = async () => {
  const { Session } = await sdk.send(
    new InitiateAuthCommand({
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: cognito.staff.clientId,
      AuthParameters: { USERNAME: "supervisor", PASSWORD: "Super-Pass1" },
    }),
  );
  const answer = await sdk.send(
    new RespondToAuthChallengeCommand({
      ChallengeName: "SOFTWARE_TOKEN_MFA",
      ClientId: cognito.staff.clientId,
      Session: Session!,
      ChallengeResponses: { USERNAME: "supervisor", SOFTWARE_TOKEN_MFA_CODE: authenticatorCode(supervisorSecret) },
    }),
  );
  return answer.AuthenticationResult!.AccessToken!;
};

/** A client as the web app's: the header subprotocol, then messages; every message received is kept. */
async function connect(token: string) {
  const header = Buffer.from(JSON.stringify({ host: live.host, Authorization: token })).toString("base64url");
  const socket = new WebSocket(live.realtimeUrl, ["aws-appsync-event-ws", `header-${header}`]);
  const received: Record<string, unknown>[] = [];
  const waiters: { test: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] =
    [];
  socket.on("message", (data) => {
    const message = JSON.parse(data.toString()) as Record<string, unknown>;
    received.push(message);
    for (const w of waiters.splice(0))
      if (w.test(message)) w.resolve(message);
      else waiters.push(w);
  });
  const closed = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  const next = (type: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const found = received.find((m) => m.type === type);
      if (found) return resolve(found);
      const timer = setTimeout(() => reject(new Error(`no ${type} message; got ${JSON.stringify(received)}`)), 5000);
      waiters.push({
        test: (m) => m.type === type,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  const send = (message: unknown) => socket.send(JSON.stringify(message));
  return { socket, received, next, send, closed, protocol: socket.protocol };
}

const publisher = (key = KEY) =>
  new AppSyncEventsPublisher({ url: live.httpUrl, channel: CHANNEL, region: key.region, credentials: () => key });

const publish = (key = KEY) =>
  publisher(key).publish({ kind: "figures-changed", at: "2026-12-06T12:00:00.000Z" }, AbortSignal.timeout(5000));

describe("the local stand-in for AppSync Events", () => {
  it("connects with a supervisor's token (either pool), subscribes, and delivers what the projector publishes", async () => {
    for (const token of [await tokenOf("demo", "Demo-Pass1"), await staffToken()]) {
      const client = await connect(token);
      expect(client.protocol).toBe("aws-appsync-event-ws");
      client.send({ type: "connection_init" });
      expect(await client.next("connection_ack")).toEqual({ type: "connection_ack", connectionTimeoutMs: 300_000 });
      client.send({
        type: "subscribe",
        id: "s1",
        channel: CHANNEL,
        authorization: { host: live.host, Authorization: token },
      });
      expect(await client.next("subscribe_success")).toEqual({ type: "subscribe_success", id: "s1" });

      await publish();
      const data = await client.next("data");
      expect(data).toEqual({
        type: "data",
        id: "s1",
        event: JSON.stringify({ kind: "figures-changed", at: "2026-12-06T12:00:00.000Z" }),
      });
      expect(await client.next("ka")).toEqual({ type: "ka" });

      client.send({ type: "unsubscribe", id: "s1" });
      expect(await client.next("unsubscribe_success")).toEqual({ type: "unsubscribe_success", id: "s1" });
      client.socket.close();
      await client.closed;
    }
  });

  it("refuses a connection whose token is not valid, before answering anything else", async () => {
    const good = await tokenOf("demo", "Demo-Pass1");
    const [head, body] = good.split(".");
    for (const bad of ["not-a-token", `${head}.${body}.${"A".repeat(40)}`]) {
      const client = await connect(bad);
      client.send({ type: "connection_init" });
      expect(await client.next("connection_error")).toEqual({
        type: "connection_error",
        errors: [{ errorType: "UnauthorizedException", message: "You are not authorized to make this call." }],
      });
      expect(await client.closed).toBe(1008);
      expect(client.received.map((m) => m.type)).toEqual(["connection_error"]);
    }
  });

  it("refuses to subscribe a user who is not a supervisor, or a subscribe without a valid token", async () => {
    const courier = await tokenOf("courier", "Courier-Pass1");
    const client = await connect(courier);
    client.send({ type: "connection_init" });
    await client.next("connection_ack");
    client.send({
      type: "subscribe",
      id: "c1",
      channel: CHANNEL,
      authorization: { host: live.host, Authorization: courier },
    });
    expect(await client.next("subscribe_error")).toMatchObject({
      id: "c1",
      errors: [{ errorType: "UnauthorizedException" }],
    });
    client.send({ type: "subscribe", id: "c2", channel: CHANNEL, authorization: { host: live.host } });
    await publish();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(client.received.filter((m) => m.type === "data")).toEqual([]);
    client.socket.close();
  });

  it("refuses a publish signed with another key", async () => {
    await expect(publish({ ...KEY, secretAccessKey: "someone-else" })).rejects.toThrow(/answered 401/);
    await expect(publish({ ...KEY, accessKeyId: "AKIAOTHER" })).rejects.toThrow(/answered 401/);
  });
});
