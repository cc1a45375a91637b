package org.monsoon.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pipeline's figure is every report through every stage, not the slowest stage's own rate. */
class PipelineRunTest {
    private static final RunSampler.Window INTAKE = new RunSampler.Window(2.0, 16_000, 0, 0);

    private static BenchPhases.PipelineRun run(long reports, List<StageProgress.Figures> stages) {
        return new BenchPhases.PipelineRun(
                INTAKE,
                INTAKE,
                stages,
                reports,
                Map.of(),
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                Map.of(),
                Map.of(),
                new ThreadTime.Interval(Map.of(), Map.of(), 0),
                0,
                0,
                0);
    }

    private static StageProgress.Figures stage(StageProgress.Stage stage, double rate, double started, double drained) {
        return new StageProgress.Figures(stage, 1_000, rate, started, drained);
    }

    @Test
    void stagesThatDrainOneAfterAnotherAreMeasuredFromTheFirstCommitToTheLastStagesLast() {
        // As on preloaded input: ingest drains first, and campaign runs through its backlog at the end,
        // at a rate of its own far above what the three sustain together on one thread.
        var run = run(
                100_000,
                List.of(
                        stage(StageProgress.Stage.INGEST, 9_000, 0.5, 13.0),
                        stage(StageProgress.Stage.CORRELATE, 6_000, 0.75, 30.0),
                        stage(StageProgress.Stage.CAMPAIGN, 5_500, 1.0, 40.5)));
        assertEquals(40.0, run.throughSeconds(), 1e-9);
        assertEquals(2_500, run.reportsPerSecond(), 1e-9);
        assertEquals(5_500, run.slowestStageReportsPerSecond(), 1e-9);
        assertEquals(StageProgress.Stage.CAMPAIGN, run.slowest().stage());
    }

    @Test
    void stagesThatRunSideBySideGiveTheSameFigureBothWays() {
        var run = run(
                80_000,
                List.of(
                        stage(StageProgress.Stage.INGEST, 4_000, 0.0, 20.0),
                        stage(StageProgress.Stage.CAMPAIGN, 4_000, 0.0, 20.0)));
        assertEquals(4_000, run.reportsPerSecond(), 1e-9);
        assertEquals(run.reportsPerSecond(), run.slowestStageReportsPerSecond(), 1e-9);
    }

    @Test
    void withoutStageProgressTheIntakeWindowIsAllThereIs() {
        var run = run(100_000, List.of());
        assertEquals(8_000, run.reportsPerSecond(), 1e-9);
        assertEquals(Double.NaN, run.slowestStageReportsPerSecond());
    }
}
