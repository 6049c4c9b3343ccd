import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface JwksServer {
  /** `http://127.0.0.1:<port>/local_pool`: tokens must carry this `iss`. */
  readonly issuer: string;
  /** How many times the JWKS was fetched. */
  readonly fetches: () => number;
  close(): Promise<void>;
}

/** A real HTTP server on loopback serving a JWKS at `<issuer>/.well-known/jwks.json`, as the local sign-in endpoint does. */
export async function startJwksServer(jwks: unknown, poolId = "local_pool"): Promise<JwksServer> {
  let fetches = 0;
  const server: Server = createServer((request, response) => {
    if (request.method === "GET" && request.url === `/${poolId}/.well-known/jwks.json`) {
      fetches += 1;
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(jwks));
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    issuer: `http://127.0.0.1:${port}/${poolId}`,
    fetches: () => fetches,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
