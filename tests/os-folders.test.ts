// Where state and caches live on each OS (docs/windows.md, docs/reliability.md).
import { describe, expect, test } from "vitest";
import { resolveCacheDir, resolveConfigDir } from "../src/os/folders.ts";

const WINDOWS_ENV = { APPDATA: "C:\\Users\\Jane Doe\\AppData\\Roaming", LOCALAPPDATA: "C:\\Users\\Jane Doe\\AppData\\Local" };

describe("the state folder", () => {
  test("Windows: %APPDATA%\\connector, where gh keeps its config too", () => {
    expect(resolveConfigDir(WINDOWS_ENV, "windows", "C:\\Users\\Jane Doe")).toBe("C:\\Users\\Jane Doe\\AppData\\Roaming\\connector");
  });
  test("Windows without APPDATA: the profile's AppData\\Roaming", () => {
    expect(resolveConfigDir({}, "windows", "C:\\Users\\jane")).toBe("C:\\Users\\jane\\AppData\\Roaming\\connector");
  });
  test.each(["linux", "macos"] as const)("%s: ~/.config/connector", (osName) => {
    expect(resolveConfigDir({}, osName, "/home/jane")).toBe("/home/jane/.config/connector");
  });
  test.each(["linux", "macos", "windows"] as const)("%s: CONNECTOR_CONFIG_DIR first, then an absolute XDG_CONFIG_HOME", (osName) => {
    const root = osName === "windows" ? "D:\\state" : "/state";
    expect(resolveConfigDir({ ...WINDOWS_ENV, CONNECTOR_CONFIG_DIR: root, XDG_CONFIG_HOME: "/xdg" }, osName, "/home/jane")).toBe(root);
    const xdg = osName === "windows" ? "D:\\xdg" : "/xdg";
    expect(resolveConfigDir({ ...WINDOWS_ENV, XDG_CONFIG_HOME: xdg }, osName, "/home/jane")).toMatch(/[\\/]xdg[\\/]connector$/);
  });
  test("a relative or empty XDG_CONFIG_HOME is ignored, as the XDG spec says", () => {
    expect(resolveConfigDir({ XDG_CONFIG_HOME: "relative" }, "linux", "/home/jane")).toBe("/home/jane/.config/connector");
    expect(resolveConfigDir({ XDG_CONFIG_HOME: "" }, "linux", "/home/jane")).toBe("/home/jane/.config/connector");
  });
});

describe("the cache folder", () => {
  test("Windows: %LOCALAPPDATA%\\connector\\Cache (a cache does not roam)", () => {
    expect(resolveCacheDir(WINDOWS_ENV, "windows", "C:\\Users\\Jane Doe")).toBe("C:\\Users\\Jane Doe\\AppData\\Local\\connector\\Cache");
  });
  test.each(["linux", "macos"] as const)("%s: ~/.cache/connector", (osName) => {
    expect(resolveCacheDir({}, osName, "/home/jane")).toBe("/home/jane/.cache/connector");
  });
  test("CONNECTOR_CACHE_DIR first, then an absolute XDG_CACHE_HOME", () => {
    expect(resolveCacheDir({ CONNECTOR_CACHE_DIR: "/c", XDG_CACHE_HOME: "/x" }, "linux", "/h")).toBe("/c");
    expect(resolveCacheDir({ XDG_CACHE_HOME: "/x" }, "linux", "/h")).toBe("/x/connector");
  });
});
