import { describe, expect, it } from "vitest";
import { VextrusOrchestratorError } from "../errors.js";
import { flattenPlan, type PlanNode, validatePlan } from "./plan.js";

const leaf = (id: string): PlanNode => ({ id, agent: "worker", task: `do ${id}` });

function planError(plan: unknown): VextrusOrchestratorError {
  try {
    validatePlan(plan as PlanNode);
  } catch (error) {
    if (error instanceof VextrusOrchestratorError) return error;
    throw error;
  }
  throw new Error("expected PLAN_INVALID");
}

describe("validatePlan", () => {
  it("accepts a tree and flattens it children first, with depths", () => {
    const plan: PlanNode = {
      id: "root",
      agent: "strategist",
      task: "ship",
      children: [
        { id: "c1", agent: "coordinator", task: "backend", children: [leaf("w1"), leaf("w2")] },
        leaf("w3"),
      ],
    };
    expect(() => validatePlan(plan)).not.toThrow();
    expect(flattenPlan(plan).map(({ node, depth }) => `${node.id}@${depth}`)).toEqual([
      "w1@2",
      "w2@2",
      "c1@1",
      "w3@1",
      "root@0",
    ]);
  });

  it("names a duplicate id and where both are", () => {
    const error = planError({
      id: "root",
      agent: "a",
      task: "t",
      children: [leaf("w1"), { ...leaf("x"), children: [leaf("w1")] }],
    });
    expect(error.code).toBe("PLAN_INVALID");
    expect(error.message).toContain(
      'plan node "w1" (root > x > w1): duplicate id; the first node with this id is at root > w1',
    );
  });

  it("names a node that contains itself", () => {
    const children: PlanNode[] = [];
    const loop: PlanNode = { id: "loop", agent: "a", task: "t", children };
    children.push({ id: "inner", agent: "a", task: "t", children: [loop] });
    const error = planError({ id: "root", agent: "a", task: "t", children: [loop] });
    expect(error.message).toContain(
      'plan node "loop" (root > loop > inner > loop): contains itself (a cycle)',
    );
  });

  it("rejects an empty task, agent or id, bad files, children and model, naming the node", () => {
    expect(planError({ ...leaf("w"), task: "   " }).message).toContain(
      'plan node "w" (w): task: expected a non-empty string, got "   "',
    );
    expect(planError({ ...leaf("w"), agent: "" }).message).toContain('"w" (w): agent');
    expect(
      planError({ id: "r", agent: "a", task: "t", children: [{ agent: "a", task: "t" }] }).message,
    ).toContain("plan node r > children[0]: id: expected a non-empty string, got undefined");
    expect(planError({ ...leaf("w"), files: ["a.ts", 3] }).message).toContain(
      '"w" (w): files[1]: expected a path, got 3',
    );
    expect(planError({ ...leaf("w"), children: "w2" }).message).toContain("children: expected an array");
    expect(planError({ ...leaf("w"), model: "" }).message).toContain("model: expected a non-empty");
    expect(planError(null).message).toContain("plan node root: expected an object");
  });
});
