// Runs before every test file. apkit/forge's `forgeSupport` is what `check` reads; until the installed apkit has it,
// the tests run on a stand-in of the same shape (forge-support-stand-in.ts). With the real table, nothing is mocked.
import { vi } from "vitest";
import { forgeSupportStandIn } from "./forge-support-stand-in.js";

vi.mock("apkit/forge", async (importOriginal) => {
  const real = await importOriginal<Record<string, unknown>>();
  return real.forgeSupport ? real : { ...real, forgeSupport: forgeSupportStandIn };
});
