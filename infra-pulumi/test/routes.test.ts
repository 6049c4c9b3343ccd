import { ROUTE_TABLE } from "@cargo-express/http-hono/routes";
import { describe, expect, it } from "vitest";
import { API_PATH_PATTERNS, API_ROUTES, apiPathPatterns, deployedRoutes } from "../src/routes.js";

describe("the deployed routes come from http-hono's route table", () => {
  it("has one API Gateway route per operation of the table, with its method and path", () => {
    expect(API_ROUTES.map((route) => route.routeKey)).toEqual(
      ROUTE_TABLE.map((route) => `${route.method.toUpperCase()} ${route.path}`),
    );
    for (const route of API_ROUTES) {
      const entry = ROUTE_TABLE.find((candidate) => candidate.operationId === route.operationId);
      expect(route.public, route.operationId).toBe(!entry?.signIn);
    }
  });

  it("turns fixed paths into exact CloudFront patterns and parameters into their prefix and *", () => {
    expect(apiPathPatterns(["/orders", "/orders/{id}", "/a/{b}/c", "/orders"])).toEqual([
      "/orders",
      "/orders/*",
      "/a/*",
    ]);
    expect(API_PATH_PATTERNS).toEqual(apiPathPatterns(ROUTE_TABLE.map((route) => route.path)));
  });

  it("opens at the gateway only the public routes, the monitor routes and the catalogue's list, whose function verifies either pool's tokens", () => {
    const open = API_ROUTES.filter((route) => route.gatewayAuthorizer === undefined);
    expect(open.filter((route) => !route.public).map((route) => [route.operationId, route.pool, route.target])).toEqual(
      [
        ["getMonitorReport", "either", "monitorApi"],
        ["getMonitorStatusLegacy", "either", "monitorApi"],
        ["getCatalog", "either", "monitorApi"],
      ],
    );
    for (const route of API_ROUTES.filter((candidate) => candidate.pool !== "either"))
      expect(route.gatewayAuthorizer, route.operationId).toBe(route.pool);
  });

  it("names a sign-in pool for exactly the signed-in routes, and refuses a table that disagrees", () => {
    for (const route of API_ROUTES) expect(route.pool === undefined, route.operationId).toBe(route.public);
    const health = ROUTE_TABLE.find((route) => route.operationId === "health")!;
    const placeOrder = ROUTE_TABLE.find((route) => route.operationId === "placeOrder")!;
    expect(() => deployedRoutes([{ ...health, signIn: true }])).toThrow(/health: a route needs a sign-in pool/);
    expect(() => deployedRoutes([{ ...placeOrder, signIn: false }])).toThrow(
      /placeOrder: a route needs a sign-in pool/,
    );
  });
});
