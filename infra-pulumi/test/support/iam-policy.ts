/**
 * Just enough of IAM's policy evaluation to decide, offline, whether a role's policy allows a call: identity
 * policies of one role, `Allow` and `Deny` statements, `Action` and `Resource` as a string or a list, IAM's
 * matching (actions case-insensitive, resources segment by segment and case-sensitive, `*` and `?` wildcards in
 * both) and the condition operators the program uses. Anything else it cannot evaluate (NotAction, NotResource,
 * an unknown condition operator) makes it throw, so a policy it would misjudge fails the tests instead of
 * passing them.
 */

/** One call as IAM authorizes it: an action on a resource, with the request's condition keys. */
export interface AwsCall {
  /** `dynamodb:Query`, `sqs:SendMessage`, ... */
  readonly action: string;
  /** The resource ARN IAM checks: a table, an index, a stream, a queue, a log group or stream. */
  readonly resource: string;
  /** Multivalued condition keys of the request, e.g. `{ "dynamodb:LeadingKeys": ["GENERATION"] }`. */
  readonly context?: Readonly<Record<string, readonly string[]>>;
  /** What made the call (the SDK operation, or the AWS service acting for the function): for messages only. */
  readonly origin: string;
}

interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

export interface Policy {
  readonly Version: string;
  readonly Statement: readonly PolicyStatement[];
}

/** One (action pattern, resource pattern) pair a statement grants. */
export interface Grant {
  readonly sid: string;
  readonly action: string;
  readonly resource: string;
  readonly statement: PolicyStatement;
}

const list = (value: string | readonly string[]): readonly string[] => (typeof value === "string" ? [value] : value);

function wildcard(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = [...pattern]
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`, ignoreCase ? "is" : "s").test(value);
}

/** IAM action matching: `service:Action`, case-insensitive, wildcards allowed. */
function actionMatches(pattern: string, action: string): boolean {
  return wildcard(pattern, action, true);
}

/**
 * IAM resource matching: `*` alone matches everything; otherwise the six ARN parts (arn, partition, service,
 * region, account, resource) are matched one by one, so a wildcard never reaches across a colon between them
 * (the resource part, which may contain colons and slashes itself, is matched whole).
 */
function resourceMatches(pattern: string, arn: string): boolean {
  if (pattern === "*") return true;
  const split = (text: string) => {
    const parts = text.split(":");
    return [...parts.slice(0, 5), parts.slice(5).join(":")];
  };
  const [patternParts, arnParts] = [split(pattern), split(arn)];
  if (patternParts.length !== 6 || arnParts.length !== 6) return false;
  return patternParts.every((part, i) => wildcard(part, arnParts[i]!, false));
}

/** The condition block of a statement, for one request. */
function conditionsHold(statement: PolicyStatement, call: AwsCall): boolean {
  for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
    for (const [key, expected] of Object.entries(keys)) {
      const wanted = list(expected);
      const present = call.context?.[key];
      switch (operator) {
        // Every value of the request's key must be one of the listed values; a request without the key
        // passes (that is IAM's rule, and why such a condition is only safe on actions that always carry it).
        case "ForAllValues:StringEquals":
          if (!(present ?? []).every((value) => wanted.includes(value))) return false;
          break;
        case "StringEquals":
          if (present === undefined || present.length !== 1 || !wanted.includes(present[0]!)) return false;
          break;
        default:
          throw new Error(
            `condition operator ${operator} (statement ${statement.Sid ?? "?"}) is not one this evaluator knows`,
          );
      }
    }
  }
  return true;
}

function checkSupported(statement: PolicyStatement): void {
  for (const unsupported of ["NotAction", "NotResource", "NotPrincipal", "Principal"]) {
    if (unsupported in statement)
      throw new Error(`statement ${statement.Sid ?? "?"} uses ${unsupported}, which this evaluator does not model`);
  }
}

function statementMatches(statement: PolicyStatement, call: AwsCall): boolean {
  checkSupported(statement);
  return (
    list(statement.Action).some((pattern) => actionMatches(pattern, call.action)) &&
    list(statement.Resource).some((pattern) => resourceMatches(pattern, call.resource)) &&
    conditionsHold(statement, call)
  );
}

/** An explicit Deny wins; otherwise some Allow must match; otherwise the call is implicitly denied. */
export function isAllowed(policy: Policy, call: AwsCall): boolean {
  if (policy.Statement.some((statement) => statement.Effect === "Deny" && statementMatches(statement, call)))
    return false;
  return policy.Statement.some((statement) => statement.Effect === "Allow" && statementMatches(statement, call));
}

/** Every (action, resource) pair the Allow statements grant. */
export function grantsOf(policy: Policy): Grant[] {
  return policy.Statement.filter((statement) => statement.Effect === "Allow").flatMap((statement) => {
    checkSupported(statement);
    return list(statement.Action).flatMap((action) =>
      list(statement.Resource).map((resource) => ({ sid: statement.Sid ?? "(no Sid)", action, resource, statement })),
    );
  });
}

/** Whether a call is one that this grant (its action, its resource, its statement's conditions) lets through. */
export function grantCovers(grant: Grant, call: AwsCall): boolean {
  return (
    actionMatches(grant.action, call.action) &&
    resourceMatches(grant.resource, call.resource) &&
    conditionsHold(grant.statement, call)
  );
}

export const describeCall = (call: AwsCall): string =>
  `${call.action} on ${call.resource}${call.context ? ` ${JSON.stringify(call.context)}` : ""} (${call.origin})`;

export const describeGrant = (grant: Grant): string => `${grant.sid}: ${grant.action} on ${grant.resource}`;
