/**
 * Push to the supervisors' screens: an AWS AppSync Events API (chosen over an API Gateway WebSocket API in
 * docs/growth.md, "Live updates"). The projector publishes "the figures changed" to the channel
 * `/monitor/figures` over HTTP, signed with its role (IAM); every open web app holds a WebSocket subscribed to it,
 * authorized by the Cognito access token it already has, of either pool (the couriers' pool's dispatcher-
 * supervisors and the staff pool's supervisors), carried in the `header-` subprotocol, never in a URL. The
 * namespace's subscribe handler admits the supervisors group only. AppSync fans each event out to every
 * subscriber: no connection table, no function of ours per message.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { USER_GROUPS } from "./sign-in-settings.js";

/** The namespace and the one channel in it the projector publishes to and the web app subscribes to. */
const LIVE_NAMESPACE = "monitor";
export const LIVE_CHANNEL = `/${LIVE_NAMESPACE}/figures`;

/**
 * The namespace's handler (APPSYNC_JS): a subscriber must be in the supervisors group of its token (Cognito's
 * `cognito:groups`, which AppSync exposes as `ctx.identity.groups`); publishing is IAM only, so no publish handler.
 */
const SUBSCRIBE_HANDLER = `import { util } from "@aws-appsync/utils";
export function onSubscribe(ctx) {
  const groups = (ctx.identity && ctx.identity.groups) || [];
  if (!groups.includes(${JSON.stringify(USER_GROUPS.supervisors)})) util.unauthorized();
}
`;

interface UserPoolRef {
  readonly userPoolId: pulumi.Input<string>;
  readonly clientId: pulumi.Input<string>;
}

export interface LiveEventsArgs {
  readonly stage: string;
  readonly region: string;
  readonly pools: { readonly couriers: UserPoolRef; readonly staff: UserPoolRef };
}

export interface LiveEvents {
  readonly api: aws.appsync.Api;
  readonly namespace: aws.appsync.ChannelNamespace;
  /** For the projector: `https://<http host>/event`. */
  readonly publishUrl: pulumi.Output<string>;
  /** For the web app's config.json. */
  readonly webSettings: pulumi.Output<{ url: string; host: string; channel: string }>;
}

const cognitoProvider = (pool: UserPoolRef, region: string) => ({
  authType: "AMAZON_COGNITO_USER_POOLS",
  // Only the pool's own app client's tokens (an exact match, not a pattern).
  cognitoConfig: {
    userPoolId: pool.userPoolId,
    awsRegion: region,
    appIdClientRegex: pulumi.output(pool.clientId).apply((id) => `^${id}$`),
  },
});

export function createLiveEvents(args: LiveEventsArgs, opts: pulumi.CustomResourceOptions): LiveEvents {
  const api = new aws.appsync.Api(
    "liveEvents",
    {
      name: `cargo-express-${args.stage}-live`,
      eventConfig: {
        authProviders: [
          cognitoProvider(args.pools.couriers, args.region),
          cognitoProvider(args.pools.staff, args.region),
          { authType: "AWS_IAM" },
        ],
        connectionAuthModes: [{ authType: "AMAZON_COGNITO_USER_POOLS" }],
        defaultPublishAuthModes: [{ authType: "AWS_IAM" }],
        defaultSubscribeAuthModes: [{ authType: "AMAZON_COGNITO_USER_POOLS" }],
      },
    },
    opts,
  );
  const namespace = new aws.appsync.ChannelNamespace(
    "liveMonitor",
    {
      apiId: api.apiId,
      name: LIVE_NAMESPACE,
      publishAuthModes: [{ authType: "AWS_IAM" }],
      subscribeAuthModes: [{ authType: "AMAZON_COGNITO_USER_POOLS" }],
      codeHandlers: SUBSCRIBE_HANDLER,
    },
    opts,
  );
  const httpHost = api.dns.apply((dns) => dns.HTTP ?? "");
  const realtimeHost = api.dns.apply((dns) => dns.REALTIME ?? "");
  return {
    api,
    namespace,
    publishUrl: pulumi.interpolate`https://${httpHost}/event`,
    webSettings: pulumi
      .all([httpHost, realtimeHost])
      .apply(([host, realtime]) => ({ url: `wss://${realtime}/event/realtime`, host, channel: LIVE_CHANNEL })),
  };
}
