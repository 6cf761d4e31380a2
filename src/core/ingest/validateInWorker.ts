// Starts the validation worker (validateWorker.ts) for one source and resolves with its result.
import { runWorker } from '../workers/runWorker';
import type { ValidationInput, ValidationResult } from './sourceValidation';

export function validateSourceInWorker(script: string, input: ValidationInput): Promise<ValidationResult> {
  return runWorker<ValidationResult>(script, { name: 'validation', label: input.file, workerData: input });
}
