import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("browser protections on the API", () => {
  it("sends security headers that fit a JSON API", async () => {
    const res = await exports.default.fetch("http://qq.test/api/health");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  });

  it("refuses a request from another origin and grants no CORS", async () => {
    const res = await exports.default.fetch("http://qq.test/api/health", {
      headers: { origin: "https://evil.example" },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("forbidden");
  });

  it("refuses a cross-origin preflight", async () => {
    const res = await exports.default.fetch("http://qq.test/api/auth/login", {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("accepts the app's own origin", async () => {
    const res = await exports.default.fetch("http://qq.test/api/health", { headers: { origin: "http://qq.test" } });
    expect(res.status).toBe(200);
  });

  it("refuses a WebSocket upgrade from another origin", async () => {
    const res = await exports.default.fetch("http://qq.test/ws/ABCDEF", {
      headers: { origin: "https://evil.example", upgrade: "websocket" },
    });
    expect(res.status).toBe(403);
  });
});
