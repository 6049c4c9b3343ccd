import {
  BuildExport,
  type CatalogueStore,
  EditCatalogue,
  GetExport,
  GetMonitorReport,
  GetOrder,
  type MonitorQueries,
  type OrderRepository,
  PlaceOrder,
  ProjectOrderBatch,
  RequestExport,
  SeedCatalogue,
  systemClock,
} from "@cargo-express/domain";
import { Container } from "inversify";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  type BuiltPorts,
  ConfigurationError,
  commonModule,
  describeError,
  portsModule,
  readSettings,
  requiredSetting,
  SERVICES,
  silentLogger,
  useCasesModule,
} from "../src/index.js";

// The wiring only hands the ports on: these stand-ins are never called.
const orders: OrderRepository = {
  saveIfAbsent: async () => {
    throw new Error("not called");
  },
  getById: async () => undefined,
  getStored: async () => undefined,
  findExisting: async () => undefined,
  void: async () => {
    throw new Error("not called");
  },
  correct: async () => {
    throw new Error("not called");
  },
};
const monitor: MonitorQueries = {
  read: async () => {
    throw new Error("not called");
  },
};
const notCalled = async (): Promise<never> => {
  throw new Error("not called");
};
// The monitor reads the catalogue with every report (names, the fleet).
const catalogue: CatalogueStore = { read: notCalled, put: notCalled, putIfAbsent: notCalled, history: notCalled };

const compose = (ports: BuiltPorts) => {
  const container = new Container({ defaultScope: "Singleton" });
  container.load(
    commonModule({ serviceName: "test", logLevel: "SILENT", timeZone: "America/Bogota" }),
    portsModule(ports),
    useCasesModule,
  );
  return container;
};

describe("the shared container modules", () => {
  it("build every use case once per container, from the ports bound", () => {
    const container = compose({ orders, monitor, catalogue });
    const placeOrder = container.get(SERVICES.PlaceOrder);
    expect(placeOrder).toBeInstanceOf(PlaceOrder);
    expect(container.get(SERVICES.PlaceOrder)).toBe(placeOrder);
    expect(container.get(SERVICES.GetOrder)).toBeInstanceOf(GetOrder);
    expect(container.get(SERVICES.GetMonitorReport)).toBeInstanceOf(GetMonitorReport);
    expect(container.get(SERVICES.EditCatalogue)).toBeInstanceOf(EditCatalogue);
    expect(container.get(SERVICES.SeedCatalogue)).toBeInstanceOf(SeedCatalogue);
    expect(compose({ orders, monitor, catalogue }).get(SERVICES.PlaceOrder)).not.toBe(placeOrder);
  });

  it("build the exports' use cases from their ports", () => {
    const exportJobs = { create: notCalled, get: notCalled, claim: notCalled, complete: notCalled, fail: notCalled };
    const container = compose({
      exportJobs,
      exportDispatcher: { dispatch: notCalled },
      exportLinks: { linkFor: notCalled },
      exportFiles: { open: notCalled },
      ledger: { page: notCalled },
    });
    expect(container.get(SERVICES.RequestExport)).toBeInstanceOf(RequestExport);
    expect(container.get(SERVICES.GetExport)).toBeInstanceOf(GetExport);
    expect(container.get(SERVICES.BuildExport)).toBeInstanceOf(BuildExport);
  });

  it("build the projector's use case from its ports", () => {
    const container = compose({
      plan: { targets: async () => [] },
      stores: {
        storeFor: () => {
          throw new Error("not called");
        },
      },
      deadLetters: { record: async () => true },
    });
    expect(container.get(SERVICES.ProjectOrderBatch)).toBeInstanceOf(ProjectOrderBatch);
  });

  it("bind the system clock, the time zone and a logger named for the process, unless given", () => {
    const container = compose({});
    expect(container.get(SERVICES.Clock)).toBe(systemClock);
    expect(container.get(SERVICES.TimeZone)).toBe("America/Bogota");
    expect(container.get(SERVICES.Logger)).toBe(container.get(SERVICES.Logger));

    const logger = silentLogger();
    const clock = { now: () => 0 };
    const given = new Container();
    given.load(commonModule({ serviceName: "test", logLevel: "INFO", timeZone: "UTC", logger, clock }));
    expect(given.get(SERVICES.Logger)).toBe(logger);
    expect(given.get(SERVICES.Clock)).toBe(clock);
  });

  it("leave a use case unresolvable when its port is not bound (the monitor has no order repository)", () => {
    const container = compose({ monitor, catalogue });
    expect(container.get(SERVICES.GetMonitorReport)).toBeInstanceOf(GetMonitorReport);
    expect(() => compose({ monitor }).get(SERVICES.GetMonitorReport)).toThrow(/CatalogueStore/);
    expect(() => container.get(SERVICES.PlaceOrder)).toThrow(/OrderRepository/);
  });
});

describe("readSettings", () => {
  const schema = z.object({ AWS_REGION: requiredSetting("AWS_REGION"), NAME: z.string().default("x") });

  it("treats blank variables as unset, so defaults apply", () => {
    expect(readSettings(schema, { AWS_REGION: " eu-west-1 ", NAME: "" }, "test")).toEqual({
      AWS_REGION: "eu-west-1",
      NAME: "x",
    });
  });

  it("names every bad variable in one ConfigurationError", () => {
    const read = () => readSettings(schema.extend({ PORT: requiredSetting("PORT") }), { AWS_REGION: "" }, "test");
    expect(read).toThrow(ConfigurationError);
    expect(read).toThrow("invalid test configuration: AWS_REGION: AWS_REGION is required; PORT: PORT is required");
  });
});

describe("describeError", () => {
  it("says an error's name and message, never what it carries", () => {
    const error = Object.assign(new TypeError("bad"), { order: { nombre: "Ana" } });
    expect(describeError(error)).toEqual({ name: "TypeError", message: "bad" });
    expect(describeError("text")).toEqual({ name: "NonError", message: "text" });
  });
});
