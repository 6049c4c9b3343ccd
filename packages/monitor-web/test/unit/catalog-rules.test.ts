import { describe, expect, it } from "vitest";
import { checkEntry, checkName, checkPrice, MAX_PRICE } from "../../src/catalog-rules.js";
import { formatMoney } from "../../src/format.js";
import { t } from "../../src/i18n.js";

const key = (result: object) => ("key" in result ? result.key : undefined);

describe("the catalogue form's checks (the server's rules, said before sending)", () => {
  it("reads a price typed with a comma or a point into decimal text with two places, never through a float", () => {
    expect(checkPrice("2,5")).toEqual({ price: "2.50" });
    expect(checkPrice(" 2.50 ")).toEqual({ price: "2.50" });
    expect(checkPrice("0")).toEqual({ price: "0.00" });
    expect(checkPrice("007,1")).toEqual({ price: "7.10" });
    // Trailing zeros do not count as decimals, as on the server.
    expect(checkPrice("8.50000")).toEqual({ price: "8.50" });
    // 0.1 + 0.2 style drift cannot happen: the digits are moved, not computed.
    expect(checkPrice("9999.99")).toEqual({ price: "9999.99" });
    expect(checkPrice(MAX_PRICE)).toEqual({ price: MAX_PRICE });
  });

  it("refuses prices the server refuses, each with its reason", () => {
    expect(key(checkPrice(""))).toBe("priceEmpty");
    expect(key(checkPrice("-1"))).toBe("priceNegative");
    expect(key(checkPrice("1,0055"))).toBe("priceDecimals");
    // Three digits after the separator read as thousands in Colombia: "1.500" is asked about, never read as 1,50.
    expect(key(checkPrice("1.500"))).toBe("priceGrouping");
    expect(key(checkPrice("1,005"))).toBe("priceGrouping");
    expect(key(checkPrice("1.000"))).toBe("priceGrouping");
    expect(key(checkPrice("1.000,50"))).toBe("priceFormat");
    expect(key(checkPrice("1e3"))).toBe("priceFormat");
    expect(key(checkPrice("$ 3"))).toBe("priceFormat");
    expect(key(checkPrice("10000.01"))).toBe("priceTooLarge");
    expect(key(checkPrice("99999"))).toBe("priceTooLarge");
    expect(key(checkPrice("123456789012345678"))).toBe("priceTooLarge");
  });

  it("says the cap in both languages as the money it is", () => {
    expect(t("es", "priceTooLarge")).toContain(formatMoney(MAX_PRICE, "es"));
    expect(t("en", "priceTooLarge")).toContain(formatMoney(MAX_PRICE, "en"));
  });

  it("applies the order names' text rules: NFC, trimmed, no invisible or control characters, bounded", () => {
    expect(checkName("  Cafe\u0301 ")).toEqual({ name: "Café" });
    expect(key(checkName("   "))).toBe("nameEmpty");
    expect(key(checkName("a\u200bb"))).toBe("nameInvisible");
    expect(key(checkName("\ufeffMoneda"))).toBe("nameInvisible");
    expect(key(checkName("a\u0007b"))).toBe("nameControl");
    expect(key(checkName("a\ud800"))).toBe("nameMalformed");
    expect(checkName("x".repeat(120))).toEqual({ name: "x".repeat(120) });
    expect(key(checkName("x".repeat(121)))).toBe("nameTooLong");
    // 100 characters of 3 bytes each: within 120 characters, beyond 256 bytes.
    expect(key(checkName("€".repeat(100)))).toBe("nameTooManyBytes");
  });

  it("reads ids as the API does: a product's letters, digits and . _ : -; a courier's digits, canonical", () => {
    const entry = { name: "N", referencePrice: "1", active: true };
    expect(checkEntry("product", { ...entry, id: " pk-1.a_b:c " })).toMatchObject({ ok: true, id: "pk-1.a_b:c" });
    expect(checkEntry("product", { ...entry, id: "-pk" })).toEqual({
      ok: false,
      errors: { id: { key: "productIdChars" } },
    });
    expect(checkEntry("product", { ...entry, id: "p".repeat(65) })).toEqual({
      ok: false,
      errors: { id: { key: "idTooLong", values: { max: 64 } } },
    });
    expect(checkEntry("courier", { ...entry, id: "0106" })).toEqual({
      ok: true,
      id: "106",
      body: { name: "N", active: true },
    });
    expect(checkEntry("courier", { ...entry, id: "10a" })).toEqual({
      ok: false,
      errors: { id: { key: "courierIdDigits" } },
    });
    expect(checkEntry("courier", { ...entry, id: "1".repeat(16) })).toMatchObject({ ok: false });
  });

  it("judges every field at once, and builds the body PUT sends", () => {
    expect(checkEntry("product", { id: "", name: "", referencePrice: "x", active: true })).toEqual({
      ok: false,
      errors: { id: { key: "idEmpty" }, name: { key: "nameEmpty" }, referencePrice: { key: "priceFormat" } },
    });
    expect(checkEntry("product", { id: "pk1", name: " Moneda ", referencePrice: "1,5", active: false })).toEqual({
      ok: true,
      id: "pk1",
      body: { name: "Moneda", referencePrice: "1.50", active: false },
    });
  });
});
