import { beforeAll, describe, expect, it } from "vitest";
import { parseStackConfig } from "../src/config.js";
import { API_ID, REGION, deployUnderMocks, outputValue, type MockedDeployment } from "./support/mocked-deployment.js";

const WEB_CERT = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
const API_CERT = "arn:aws:acm:sa-east-1:123456789012:certificate/66666666-7777-8888-9999-000000000000";

describe("without a company domain: CloudFront's default certificate, and the API's own address kept open", () => {
  let deployment: MockedDeployment;
  beforeAll(async () => {
    deployment = await deployUnderMocks();
  });

  it("serves *.cloudfront.net with CloudFront's certificate (which cannot refuse TLS 1.0: docs/deploy.md)", () => {
    const distribution = deployment.named("aws:cloudfront/distribution:Distribution", "web");
    expect(distribution.inputs.viewerCertificate).toEqual({ cloudfrontDefaultCertificate: true });
    expect(distribution.inputs.aliases).toBeUndefined();
  });

  it("keeps the execute-api address open: it is the only way CloudFront reaches an API without a custom domain", () => {
    expect(deployment.named("aws:apigatewayv2/api:Api", "http-api").inputs.disableExecuteApiEndpoint).toBe(false);
    expect(deployment.ofType("aws:apigatewayv2/domainName:DomainName")).toEqual([]);
  });
});

describe("with company domains: TLS 1.2 at the edge, the API behind its custom domain only", () => {
  let deployment: MockedDeployment;
  beforeAll(async () => {
    deployment = await deployUnderMocks({
      "aws:region": "sa-east-1",
      webDomain: "monitor.cargo-express.co",
      webCertificateArn: WEB_CERT,
      apiDomain: "api.cargo-express.co",
      apiCertificateArn: API_CERT,
    });
  });

  const distribution = () => deployment.named("aws:cloudfront/distribution:Distribution", "web");

  it("serves the web app at the company domain with its us-east-1 certificate, refusing anything older than TLS 1.2", async () => {
    expect(distribution().inputs.aliases).toEqual(["monitor.cargo-express.co"]);
    expect(distribution().inputs.viewerCertificate).toEqual({
      acmCertificateArn: WEB_CERT,
      sslSupportMethod: "sni-only",
      minimumProtocolVersion: "TLSv1.2_2021",
    });
    expect(await outputValue(deployment.system.outputs.webUrl)).toBe("https://monitor.cargo-express.co");
  });

  it("gives the API a regional custom domain (TLS 1.2) mapped to its stage, which CloudFront uses as the API's origin", async () => {
    const domain = deployment.named("aws:apigatewayv2/domainName:DomainName", "api-domain");
    expect(domain.inputs).toMatchObject({
      domainName: "api.cargo-express.co",
      domainNameConfiguration: { certificateArn: API_CERT, endpointType: "REGIONAL", securityPolicy: "TLS_1_2" },
    });
    const mapping = deployment.named("aws:apigatewayv2/apiMapping:ApiMapping", "api-domain-mapping");
    expect(mapping.inputs).toMatchObject({ apiId: API_ID, domainName: domain.id });
    const origins = distribution().inputs.origins as { originId: string; domainName: string }[];
    expect(origins.find((origin) => origin.originId === "http-api")?.domainName).toBe("api.cargo-express.co");
    expect(await outputValue(deployment.system.outputs.apiUrl)).toBe("https://api.cargo-express.co");
  });

  it("closes the execute-api address by default, so every request passes CloudFront and its WAF limits", () => {
    expect(deployment.named("aws:apigatewayv2/api:Api", "http-api").inputs.disableExecuteApiEndpoint).toBe(true);
  });
});

describe("the execute-api switch for the phones' move", () => {
  it("keeps the execute-api address open when executeApiEndpoint is open, custom domain or not", async () => {
    const deployment = await deployUnderMocks({
      apiDomain: "api.cargo-express.co",
      apiCertificateArn: API_CERT.replace("sa-east-1", REGION),
      executeApiEndpoint: "open",
    });
    expect(deployment.named("aws:apigatewayv2/api:Api", "http-api").inputs.disableExecuteApiEndpoint).toBe(false);
  });

  it.each([
    [{ executeApiEndpoint: "closed" }, /executeApiEndpoint closed needs apiDomain/],
    [{ executeApiEndpoint: "shut" }, /executeApiEndpoint must be open or closed/],
    [{ webDomain: "monitor.cargo-express.co" }, /webDomain and webCertificateArn are set together/],
    [{ apiCertificateArn: API_CERT }, /apiDomain and apiCertificateArn are set together/],
    [
      { webDomain: "monitor.cargo-express.co", webCertificateArn: API_CERT },
      /webCertificateArn must be a certificate in us-east-1/,
    ],
    [{ webDomain: "Monitor.Example.COM", webCertificateArn: WEB_CERT }, /webDomain must be a lower-case domain name/],
    [
      { apiDomain: "api.cargo-express.co", apiCertificateArn: "cert-1" },
      /apiCertificateArn must be an ACM certificate ARN/,
    ],
  ])("refuses %o", (raw, message) => {
    const result = parseStackConfig({ "aws:region": REGION, ...raw });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.join("\n")).toMatch(message);
  });
});
