import type { StageContext } from '../pipeline';

/**
 * The baseline stage: evaluates rules over the inventory and turns failing results into
 * findings. Filled by the baseline issue; until then it evaluates nothing.
 */
export async function evaluateStage(_ctx: StageContext): Promise<void> {
  // No rule pack is wired yet.
}
