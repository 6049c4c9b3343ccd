import { commandFromWire, wireIssues } from "@cargo-express/courier-wire";
import {
  type ChangedOrder,
  type CorrectOrder,
  err,
  issuesFromZod,
  ok,
  type PlaceOrder,
  reasonSchema,
  revisionTag,
  type ValidationIssue,
  type VoidOrder,
} from "@cargo-express/domain";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../app-env.js";
import type { AccessTokenVerifier } from "../auth/access-token-verifier.js";
import { type GroupNames, requireGroup } from "../auth/require-group.js";
import { isOrderPricePath } from "../contract/exact-numbers.js";
import { correctOrderRoute, voidOrderRoute } from "../contract/routes.js";
import { expectedRevisionOf } from "../http/if-match.js";
import { readJsonBody } from "../http/json-body.js";
import { invalidInput, problemFromDomain, problemResponse } from "../http/problem.js";
import { validationProblem } from "../http/validation.js";
import { presentOrderRecord } from "../presenters/order.js";
import { personalTextOf } from "./place-order-from-request.js";

export interface OrderChangeRoutesDependencies {
  readonly voidOrder: VoidOrder;
  readonly correctOrder: CorrectOrder;
  /** Checks a correction's content by every rule of a new order (the intake's own parsing). */
  readonly placeOrder: PlaceOrder;
  readonly verifier: AccessTokenVerifier;
  readonly groups: GroupNames;
  readonly bodyLimitBytes: number;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Who the history names: the user's name, else the token's subject. */
const authorOf = (c: Context<AppEnv>): string => {
  const identity = c.get("identity");
  return identity.username ?? identity.subject;
};

/** The correction's prices are judged on their exact text, as a new order's are. */
const isCorrectionPricePath = (path: readonly (string | number)[]): boolean =>
  path[0] === "order" && isOrderPricePath(path.slice(1));

/** Refusals of the body's order, named as the client sent them, under `order`. */
const orderIssues = (issues: readonly ValidationIssue[]): ValidationIssue[] =>
  wireIssues(issues).map((issue) =>
    issue.path === "(body)"
      ? { path: "order", message: "order must be the order as couriers send it (a JSON object)" }
      : { path: `order.${issue.path}`, message: issue.message },
  );

/** A reason may name people: error logs leave it out, as they leave out the order's names. */
const reasonText = (reason: unknown): string[] => (typeof reason === "string" ? [reason, reason.normalize("NFC")] : []);

/** The revision `If-Match` asks for, or the 400 naming it (see `expectedRevisionOf`). */
const ifMatchOf = (ifMatch: string | undefined, id: string) => {
  const expected = expectedRevisionOf(ifMatch, id);
  return expected.ok
    ? ok(expected.revision === undefined ? {} : { expectedRevision: expected.revision })
    : err(invalidInput([{ path: "If-Match", message: "If-Match must name one revision of the order (its ETag)" }]));
};

const notAnObject = (what: string) =>
  invalidInput([{ path: "(body)", message: `the body must be a JSON object with ${what}` }]);

/**
 * POST /orders/{id}/void and POST /orders/{id}/corrections (supervisors): writes, served by the orders function.
 * Both answer the order as it now is, with its history and the ETag of its revision.
 */
export function orderChangeRoutes(deps: OrderChangeRoutesDependencies): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationProblem });
  const supervisor = requireGroup(deps.verifier, deps.groups, "supervisors");
  const answer = (c: Context<AppEnv>, changed: ChangedOrder) =>
    c.json(presentOrderRecord(changed.stored), 200, {
      etag: revisionTag(changed.stored.order.id, changed.stored.revision),
    });

  app.openapi({ ...voidOrderRoute, middleware: [supervisor] }, async (c) => {
    const id = c.req.valid("param").id;
    const expected = ifMatchOf(c.req.valid("header")["If-Match"], id);
    if (!expected.ok) return problemResponse(c, expected.error);
    const body = await readJsonBody(c.req.raw, deps.bodyLimitBytes, { incoming: c.env?.incoming });
    if (!body.ok) return problemResponse(c, body.error);
    if (!isObject(body.value)) return problemResponse(c, notAnObject("reason"));
    c.set("personalData", reasonText(body.value.reason));
    const voided = await deps.voidOrder.execute({ id, reason: body.value.reason, by: authorOf(c), ...expected.value });
    return voided.ok ? answer(c, voided.value) : problemResponse(c, problemFromDomain(voided.error));
  });

  app.openapi({ ...correctOrderRoute, middleware: [supervisor] }, async (c) => {
    const id = c.req.valid("param").id;
    const expected = ifMatchOf(c.req.valid("header")["If-Match"], id);
    if (!expected.ok) return problemResponse(c, expected.error);
    const body = await readJsonBody(c.req.raw, deps.bodyLimitBytes, {
      exactNumberAt: isCorrectionPricePath,
      incoming: c.env?.incoming,
    });
    if (!body.ok) return problemResponse(c, body.error);
    if (!isObject(body.value)) return problemResponse(c, notAnObject("reason and order"));
    const { reason } = body.value;
    // The body under the command's field names, judged by every rule of a new order.
    const input = commandFromWire(body.value.order);
    c.set("personalData", [...personalTextOf(input), ...reasonText(reason)]);
    const checked = deps.placeOrder.check(input);
    if (!checked.ok) {
      const read = reasonSchema("reason").safeParse(reason);
      const reasonIssues = read.success ? [] : issuesFromZod(read.error).map((issue) => ({ ...issue, path: "reason" }));
      return problemResponse(c, invalidInput([...reasonIssues, ...orderIssues(checked.error)]));
    }
    const corrected = await deps.correctOrder.execute({
      id,
      reason,
      by: authorOf(c),
      order: checked.value,
      ...expected.value,
    });
    if (corrected.ok) return answer(c, corrected.value);
    const { error } = corrected;
    // The order's own refusals (its pedido_id) named as the client sent them, under `order`.
    if (error.kind === "invalid")
      return problemResponse(
        c,
        invalidInput(
          error.issues.flatMap((issue) =>
            issue.path.startsWith("order.")
              ? orderIssues([{ path: issue.path.slice("order.".length), message: issue.message }])
              : [issue],
          ),
        ),
      );
    return problemResponse(c, problemFromDomain(error));
  });
  return app;
}
