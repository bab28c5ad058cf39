/** Who wrote a lock file: enough to tell a live owner from a dead one whose pid is reused. */
export interface ProcessIdentity {
  pid: number;
  /** The process's start time in clock ticks since boot; absent where there is no /proc. */
  startTime?: string | undefined;
  bootId?: string | undefined;
}

/** Reads a lock file: JSON from this version, or the bare pid earlier versions wrote. */
export function parseLockOwner(text: string): ProcessIdentity | undefined {
  if (/^\d+$/.test(text.trim())) return { pid: Number(text.trim()) };
  try {
    const parsed = JSON.parse(text) as Partial<Record<keyof ProcessIdentity, unknown>>;
    if (typeof parsed.pid !== 'number' || !Number.isInteger(parsed.pid) || parsed.pid <= 0) return undefined;
    return {
      pid: parsed.pid,
      startTime: typeof parsed.startTime === 'string' ? parsed.startTime : undefined,
      bootId: typeof parsed.bootId === 'string' ? parsed.bootId : undefined,
    };
  } catch {
    return undefined;
  }
}

export interface ProcessProbe {
  isAlive(pid: number): boolean;
  startTimeOf(pid: number): string | undefined;
}

/**
 * Whether a lock found on disk still belongs to a running process. The caller has already
 * checked that this process does not hold it, so a lock naming our own pid was left by an
 * earlier process that had the same pid: in a container the server is pid 1 every time.
 */
export function lockIsHeld(owner: ProcessIdentity | undefined, self: ProcessIdentity, probe: ProcessProbe): boolean {
  if (!owner) return false;
  if (owner.bootId && self.bootId && owner.bootId !== self.bootId) return false;
  if (owner.pid === self.pid) return false;
  if (!probe.isAlive(owner.pid)) return false;
  const startTimeNow = probe.startTimeOf(owner.pid);
  if (owner.startTime && startTimeNow && owner.startTime !== startTimeNow) return false;
  return true;
}
