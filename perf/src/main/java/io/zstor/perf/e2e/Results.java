package io.zstor.perf.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything one benchmark run has measured so far, filled step by step so the report can be rewritten after
 * every step (a run that fails half way still leaves the figures it got).
 */
final class Results {

    final List<CaseResult> cases = new ArrayList<>();
    final List<WarmDaemon.Result> daemon = new ArrayList<>();
    final List<SmallObjects.Result> small = new ArrayList<>();
    final List<RepairResult> repairs = new ArrayList<>();
    final List<SweepPoint> sweep = new ArrayList<>();
}
