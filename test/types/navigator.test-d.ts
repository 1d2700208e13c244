// Type tests (checked by `npm run typecheck`): navigator targets and their contexts are typed per product. These used
// to sit in a unit test, where they could not fail at run time.
import { expectTypeOf } from "vitest";
import { navigator, type NavigatorContext } from "apkit";

expectTypeOf<NavigatorContext<"issue">>().toEqualTypeOf<{ issueKey: string }>();
expectTypeOf<NavigatorContext<"spaceview">>().toEqualTypeOf<{ spaceKey: string }>();
export const typeOnly = () => {
  // @ts-expect-error an issue needs its key
  void navigator.go("issue", { contentId: "1" });
  // @ts-expect-error no such target
  void navigator.go("nowhere", {});
  void navigator.go("site", { relativeUrl: "/browse/ABC-1" });
};
