// Every command of `connector`, in the order help lists them. Adding a command is adding its
// definition here; the parser, help, completion and the argv table test read this list.
import { init, provision, validate, verify } from "./instance-commands.ts";
import { instancesDelete, instancesList, instancesShow, send, token } from "./instance-admin.ts";
import { apply, plan } from "./desired-state.ts";
import { authLogin, authLogout, authStatus, complete, completion, doctor, emulator, login, logout, schema } from "./tool-commands.ts";

export const COMMANDS = [
  init,
  validate,
  verify,
  provision,
  plan,
  apply,
  send,
  instancesList,
  instancesShow,
  instancesDelete,
  token,
  login,
  logout,
  authStatus,
  authLogin,
  authLogout,
  emulator,
  schema,
  completion,
  doctor,
  complete,
] as const;

type Join<P extends readonly string[]> = P extends readonly [infer Head extends string, ...infer Rest extends readonly string[]] ? (Rest extends readonly [] ? Head : `${Head} ${Join<Rest>}`) : never;

/** A command's words joined by spaces: "provision", "instances list". */
export type CommandName = Join<(typeof COMMANDS)[number]["path"]>;

/** Group commands (`instances`) and their descriptions: they only hold subcommands. */
export const GROUPS: Readonly<Record<string, string>> = { instances: "list, show and delete instances", auth: "the stored profiles: status, login, logout" };
