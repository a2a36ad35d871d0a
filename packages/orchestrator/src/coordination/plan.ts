import { VextrusOrchestratorError } from "../errors.js";

/**
 * One agent's part of a plan: the strategic root delegates to coordinators, which delegate to workers. A node
 * runs after all its children, with their results in its prompt.
 */
export interface PlanNode {
  /** Unique in the plan; results and errors name the node by it. */
  readonly id: string;
  /** The agent type (e.g. "backend-worker"). */
  readonly agent: string;
  readonly task: string;
  /** Paths the task touches; they feed the complexity score. */
  readonly files?: readonly string[];
  readonly children?: readonly PlanNode[];
  /** Pins the model (an alias or a full id): no complexity scoring and no escalation. */
  readonly model?: string;
  readonly system?: string;
}

function show(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

function invalid(where: string, message: string): VextrusOrchestratorError {
  return new VextrusOrchestratorError("PLAN_INVALID", `plan node ${where}: ${message}`);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

/**
 * Checks a plan, which may come from JSON or an agent's output, before anything runs: unique non-empty ids, no
 * node that contains itself (a cycle through shared objects), non-empty agent and task, string files, non-empty
 * pinned model. Throws PLAN_INVALID naming the node (its id and its path from the root).
 */
export function validatePlan(plan: PlanNode): void {
  const seenIds = new Map<string, string>();
  const onPath = new Set<unknown>();
  const visit = (node: unknown, path: string): void => {
    if (typeof node !== "object" || node === null || Array.isArray(node))
      throw invalid(path, `expected an object with id, agent and task, got ${show(node)}`);
    const n = node as Record<string, unknown>;
    const id = n.id;
    if (!isNonEmptyString(id)) throw invalid(path, `id: expected a non-empty string, got ${show(id)}`);
    const where = `"${id}" (${path})`;
    if (onPath.has(node)) throw invalid(where, "contains itself (a cycle); a plan must be a tree");
    const first = seenIds.get(id);
    if (first !== undefined) throw invalid(where, `duplicate id; the first node with this id is at ${first}`);
    seenIds.set(id, path);
    if (!isNonEmptyString(n.agent))
      throw invalid(where, `agent: expected a non-empty string, got ${show(n.agent)}`);
    if (!isNonEmptyString(n.task))
      throw invalid(where, `task: expected a non-empty string, got ${show(n.task)}`);
    if (n.model !== undefined && !isNonEmptyString(n.model))
      throw invalid(where, `model: expected a non-empty model alias or id, got ${show(n.model)}`);
    if (n.system !== undefined && typeof n.system !== "string")
      throw invalid(where, `system: expected a string, got ${show(n.system)}`);
    if (n.files !== undefined) {
      if (!Array.isArray(n.files))
        throw invalid(where, `files: expected an array of paths, got ${show(n.files)}`);
      n.files.forEach((file, index) => {
        if (typeof file !== "string")
          throw invalid(where, `files[${index}]: expected a path, got ${show(file)}`);
      });
    }
    if (n.children === undefined) return;
    if (!Array.isArray(n.children))
      throw invalid(where, `children: expected an array of plan nodes, got ${show(n.children)}`);
    onPath.add(node);
    n.children.forEach((child, index) => {
      const childId = (child as { id?: unknown } | null)?.id;
      visit(child, `${path} > ${isNonEmptyString(childId) ? childId : `children[${index}]`}`);
    });
    onPath.delete(node);
  };
  const rootId = (plan as { id?: unknown } | null)?.id;
  visit(plan, isNonEmptyString(rootId) ? rootId : "root");
}

/** The nodes of a valid plan, children before parents (post-order), with each node's depth (root 0). */
export function flattenPlan(
  plan: PlanNode,
): { node: PlanNode; depth: number; parent: PlanNode | undefined }[] {
  const out: { node: PlanNode; depth: number; parent: PlanNode | undefined }[] = [];
  const visit = (node: PlanNode, depth: number, parent: PlanNode | undefined) => {
    for (const child of node.children ?? []) visit(child, depth + 1, node);
    out.push({ node, depth, parent });
  };
  visit(plan, 0, undefined);
  return out;
}
