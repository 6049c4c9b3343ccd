import {
  AssociateSoftwareTokenCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  VerifySoftwareTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { fleet, sampleOrder } from "@cargo-express/testkit";
import { naiveBogotaTimestamp } from "@cargo-express/testkit/catalogue";
import { mkdtempSync, rmSync } from "node:fs";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadLocalStackConfig } from "../src/config.js";
import { fleetUsername, startLocalStack, type LocalStack } from "../src/stack.js";
import { authenticatorCode } from "./support/authenticator.js";

/** An address of this machine other than loopback, to reach a stack listening on every interface as a phone would. */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((entry) => entry !== undefined && entry.family === "IPv4" && !entry.internal)?.address;

let stack: LocalStack;
let webDir: string;
beforeAll(async () => {
  webDir = mkdtempSync(join(tmpdir(), "cx-web-"));
  stack = await startLocalStack(
    loadLocalStackConfig({
      HOST: "0.0.0.0",
      PORT: "0",
      COGNITO_PORT: "0",
      STORAGE: "memory",
      WEB_DIR: webDir,
      LOG_LEVEL: "SILENT",
    }),
  );
});
afterAll(async () => {
  await stack?.stop();
  rmSync(webDir, { recursive: true, force: true });
});

async function signIn(username: string, password: string, endpoint = stack.cognito.endpoint): Promise<string> {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": "AWSCognitoIdentityProviderService.InitiateAuth",
    },
    body: JSON.stringify({
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: stack.cognito.clientId,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { AuthenticationResult: { AccessToken: string } }).AuthenticationResult
    .AccessToken;
}

/** A staff pool sign-in: the password, then the code of the user's authenticator (SOFTWARE_TOKEN_MFA). */
async function staffSignIn(username: string, password: string, totpSecret: string): Promise<string> {
  const client = new CognitoIdentityProviderClient({ region: "us-east-1", endpoint: stack.cognito.endpoint });
  try {
    const { Session, ChallengeName } = await client.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: stack.cognito.staff.clientId,
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    );
    expect(ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
    const done = await client.send(
      new RespondToAuthChallengeCommand({
        ChallengeName: "SOFTWARE_TOKEN_MFA",
        ClientId: stack.cognito.staff.clientId,
        Session: Session!,
        ChallengeResponses: { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: authenticatorCode(totpSecret) },
      }),
    );
    return done.AuthenticationResult!.AccessToken!;
  } finally {
    client.destroy();
  }
}

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;

let orderNumber = 0;
async function post(
  token: string,
  courierId: number | string,
  route = "/orders",
  api = stack.apiUrl,
): Promise<Response> {
  orderNumber += 1;
  const order = {
    ...sampleOrder,
    pedido_id: `local-users-${orderNumber}`,
    repartidor: { IdRepartidor: courierId, Nombre: "Pedro Gómez" },
    // Delivered now: the stack receives on the real clock, and a courier may not date a delivery 7 days back.
    timestamp: naiveBogotaTimestamp(Date.now()),
  };
  return fetch(`${api}${route}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(order),
  });
}
const monitorStatus = async (token: string) =>
  (await fetch(`${stack.apiUrl}/monitor`, { headers: { authorization: `Bearer ${token}` } })).status;

describe("the local stack on HOST=0.0.0.0 (issue 11)", () => {
  it("listens on every interface but keeps the endpoint and the token issuer on loopback", () => {
    expect(stack.cognito.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(stack.cognito.issuer).toBe(`${stack.cognito.endpoint}/${stack.cognito.userPoolId}`);
    expect(stack.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("signs in and takes an order through another interface of the machine, as a phone on the network would", async () => {
    const host = lanAddress ?? "127.0.0.1";
    const token = await signIn(
      stack.username,
      stack.password,
      `http://${host}:${new URL(stack.cognito.endpoint).port}`,
    );
    expect(claimsOf(token).iss).toBe(stack.cognito.issuer);
    const response = await post(token, 106, "/orders", `http://${host}:${new URL(stack.apiUrl).port}`);
    expect(response.status).toBe(201);
    const config = (await (await fetch(`http://${host}:${new URL(stack.apiUrl).port}/config.json`)).json()) as {
      cognitoEndpoint: string;
    };
    expect(config.cognitoEndpoint).toBe(`http://${host}:${new URL(stack.cognito.endpoint).port}/`);
  });
});

describe("the local users (issue 11)", () => {
  it("has one user per courier of the fleet, each bound to its id, posting its own orders only, on both routes", async () => {
    for (const courier of fleet) {
      const id = String(courier.IdRepartidor);
      const user = stack.users.find((u) => u.username === fleetUsername(id))!;
      expect(user).toMatchObject({ groups: ["couriers"], courierId: id });
      const token = await signIn(user.username, user.password);
      expect(claimsOf(token)["custom:courier_id"]).toBe(id);
      expect((await post(token, courier.IdRepartidor)).status).toBe(201);
      expect((await post(token, `0${id}`, "/order/registrar_pedido_entregado")).status).toBe(200);
      const other = fleet.find((c) => c.IdRepartidor !== courier.IdRepartidor)!.IdRepartidor;
      const refused = await post(token, other);
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { type: string }).type).toBe("urn:cargo-express:problem:courier-mismatch");
      expect(await monitorStatus(token)).toBe(403);
    }
  });

  it("binds the courier-only user to one fleet courier (106 by default), refused by the monitor", async () => {
    expect(stack.courier.courierId).toBe("106");
    expect(fleet.map((c) => String(c.IdRepartidor))).toContain(stack.courier.courierId);
    const token = await signIn(stack.courier.username, stack.courier.password);
    expect((await post(token, 106)).status).toBe(201);
    expect((await post(token, 101)).status).toBe(403);
    expect(await monitorStatus(token)).toBe(403);
  });

  it("has a dispatcher-only user who posts for any courier and may not read the monitor", async () => {
    const token = await signIn(stack.dispatcher.username, stack.dispatcher.password);
    expect(claimsOf(token)["cognito:groups"]).toEqual(["dispatchers"]);
    expect((await post(token, 101)).status).toBe(201);
    expect((await post(token, 999)).status).toBe(201);
    expect(await monitorStatus(token)).toBe(403);
  });

  it("keeps the demo user (.env's USERNAME) able to post for any courier and read the monitor; the supervisor only reads", async () => {
    const demo = await signIn(stack.username, stack.password);
    expect(stack.username).toBe("demo");
    expect((await post(demo, 103, "/order/registrar_pedido_entregado")).status).toBe(200);
    expect(await monitorStatus(demo)).toBe(200);
    const supervisor = await staffSignIn(
      stack.supervisor.username,
      stack.supervisor.password,
      stack.supervisor.totpSecret,
    );
    expect(claimsOf(supervisor).iss).toBe(stack.cognito.staff.issuer);
    expect((await post(supervisor, 106)).status).toBe(403);
    expect(await monitorStatus(supervisor)).toBe(200);
  });

  it("lists every user for the banner: demo, supervisor, courier, dispatcher and the ten fleet couriers", () => {
    expect(stack.users.map((u) => u.username)).toEqual([
      "demo",
      "supervisor",
      "supervisor-nuevo",
      "repartidor",
      "dispatcher",
      ...fleet.map((c) => `repartidor-${c.IdRepartidor}`),
    ]);
    expect(new Set(stack.users.map((u) => u.password)).size).toBeGreaterThanOrEqual(5);
  });
});

describe("the local users' passwords and the staff pool", () => {
  it("warns that HOST=0.0.0.0 lets other machines reach the API and the sign-in", () => {
    expect(stack.notices.some((line) => line.startsWith("HOST=0.0.0.0: the API") && line.includes("firewall"))).toBe(
      true,
    );
  });

  it("gives every fleet courier its own password, refused for any other courier's user", async () => {
    const fleetUsers = stack.users.filter((user) => user.username.startsWith("repartidor-"));
    expect(fleetUsers).toHaveLength(fleet.length);
    expect(new Set(fleetUsers.map((user) => user.password)).size).toBe(fleet.length);
    const [first, second] = fleetUsers;
    const response = await fetch(stack.cognito.endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AWSCognitoIdentityProviderService.InitiateAuth",
      },
      body: JSON.stringify({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: stack.cognito.clientId,
        AuthParameters: { USERNAME: second!.username, PASSWORD: first!.password },
      }),
    });
    expect(response.status).toBe(400);
  });

  it("has a supervisor in the staff pool with no authenticator: it enrols one at first sign-in, and the API accepts its staff token under the same group rules", async () => {
    const client = new CognitoIdentityProviderClient({ region: "us-east-1", endpoint: stack.cognito.endpoint });
    try {
      const { username, password } = stack.newSupervisor;
      const first = await client.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: stack.cognito.staff.clientId,
          AuthParameters: { USERNAME: username, PASSWORD: password },
        }),
      );
      expect(first.ChallengeName).toBe("MFA_SETUP");
      const { SecretCode, Session } = await client.send(new AssociateSoftwareTokenCommand({ Session: first.Session! }));
      const verified = await client.send(
        new VerifySoftwareTokenCommand({ Session: Session!, UserCode: authenticatorCode(SecretCode!) }),
      );
      const done = await client.send(
        new RespondToAuthChallengeCommand({
          ChallengeName: "MFA_SETUP",
          ClientId: stack.cognito.staff.clientId,
          Session: verified.Session!,
          ChallengeResponses: { USERNAME: username },
        }),
      );
      const token = done.AuthenticationResult!.AccessToken!;
      expect(claimsOf(token).iss).toBe(stack.cognito.staff.issuer);
      expect(await monitorStatus(token)).toBe(200);
      expect((await post(token, 106)).status).toBe(403);
    } finally {
      client.destroy();
    }
  });
});
