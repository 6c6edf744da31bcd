import type { CliBridgeTool } from '../../auth/cli-bridge-tools.js';
import type { SwitchboardError } from '../../errors.js';
import type { SourceEvent } from '../guard-stream.js';

/** One plan-usage window a vendor CLI reported in its own output (e.g. Claude Code's `rate_limit_event`). */
export interface CliBridgeQuotaWindow {
  /** The vendor's name of the window, e.g. `five_hour`, `seven_day`. */
  window: string;
  /** `allowed`, `allowed_warning` or `rejected`, as the CLI says it. */
  status: string;
  /** Fraction used (0–1), when reported. */
  utilization?: number;
  /** When the window resets, epoch ms, when reported. */
  resetsAt?: number;
}

/** What a dialect's parser makes of one stdout line. */
export interface CliBridgeLineResult {
  events: SourceEvent[];
  /** The CLI's terminal line (a result, a finished or failed turn): nothing after it matters. */
  done: boolean;
  /** Plan usage the line reported. */
  quota?: CliBridgeQuotaWindow;
}

/** Turns one run's stdout lines into neutral events; one parser per run (it may keep state). */
export interface CliBridgeParser {
  line(line: string): CliBridgeLineResult;
  /**
   * The process ended without a terminal line: the failure to report (from the exit code and
   * what the CLI wrote to stderr), or undefined to let the stream count as interrupted.
   */
  exit(exitCode: number | null, stderr: string): SwitchboardError | undefined;
}

/** Where one bridge run lives: an empty working directory inside a private temporary root. */
export interface CliBridgeWorkspace {
  /** Private temporary root (mode 0700), removed after the run. */
  root: string;
  /** The child's working directory: `root/work`, empty. */
  cwd: string;
}

/**
 * One vendor CLI spoken by the bridge mechanism: how to start it so that it runs no tools, no
 * MCP servers and sees no project files, and how to read its stream. Every flag a dialect passes
 * is checked against that CLI's `--help` and source; the dialect files cite them.
 */
export interface CliBridgeDialect extends CliBridgeTool {
  /** The argv after the command; may write private files (a deny-all policy) under `workspace.root`. */
  argumentsFor(upstreamId: string, workspace: CliBridgeWorkspace): Promise<string[]>;
  createParser(options: { now: () => number }): CliBridgeParser;
}

/** Parses one JSON-lines line; anything that is not a JSON object is ignored (CLIs print banners). */
export function parseJsonLine(line: string): Record<string, unknown> | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(trimmed) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
