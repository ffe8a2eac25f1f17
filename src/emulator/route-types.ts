// What every route handler receives and returns.
import type { Credentials } from "./auth.ts";
import type { Reply } from "./reply.ts";
import type { EmulatorState } from "./state.ts";
import type { EmulatorOptions } from "./types.ts";

export interface RouteContext {
  /** The path's captured segments, decoded, in order. */
  params: string[];
  query: URLSearchParams;
  body: string;
  contentType: string;
  credentials: Credentials;
  state: EmulatorState;
  options: EmulatorOptions;
  /** Resolves once every change made so far is stored (immediately without a state file). */
  persist(): Promise<void>;
}

export type Handler = (context: RouteContext) => Reply | Promise<Reply>;

export interface Route {
  /** Matched against the path below `/elements/api-v2`, trailing slash removed. */
  pattern: RegExp;
  methods: Partial<Record<string, Handler>>;
}
