import { expect } from "vitest";
import { VextrusOrchestratorError } from "../src/errors.js";

/** The error a promise rejects with, asserted to be one of ours. */
export async function failure(promise: Promise<unknown>): Promise<VextrusOrchestratorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VextrusOrchestratorError);
  return error as VextrusOrchestratorError;
}
