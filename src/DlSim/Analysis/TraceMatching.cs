using DlSim.Foundation;
using DlSim.Metrics;
using DlSim.Workloads;

namespace DlSim.Analysis;

/// <summary>
/// Checks that a real trace records exactly the workload that was simulated, so that every real event
/// has a simulated counterpart: each workload request once, under its own model, at its own arrival,
/// with as many stages as its simulated replica ran. Every problem names the trace file and line.
/// </summary>
public static class TraceMatching
{
    /// <summary>Largest accepted difference between the trace's and the workload's arrival of a request, seconds.</summary>
    public const double ArrivalToleranceS = 1e-6;

    /// <summary>Missing requests listed by id in one error line before the rest are only counted.</summary>
    private const int MissingListed = 10;

    /// <exception cref="InputException">Every mismatch found, each as trace file:line.</exception>
    public static void Check(Workload workload, StageTimesRecorder simulated, RealTrace real) =>
        Check(workload, real, id => SimulatedStageCount(simulated, id), "its simulated replica runs");

    /// <param name="stagesOf">Stages request id runs in, or −1 when it cannot be known before matching meshes.</param>
    /// <param name="runsPhrase">Completes "as {runsPhrase} request {id} in N stage(s)" in the stage-count message.</param>
    /// <exception cref="InputException">Every mismatch found, each as trace file:line.</exception>
    public static void Check(Workload workload, RealTrace real, Func<int, int> stagesOf, string runsPhrase)
    {
        var errors = new InputErrorList(real.File);
        var seenAtLine = new int[workload.Count];
        int modelCount = workload.Header.ModelCount;
        var listLineOfModel = new int[modelCount];
        foreach (var model in real.Models)
        {
            if (model.ModelId >= modelCount)
            {
                errors.Add(model.Line, $"expected model ids of the workload (0 to {modelCount - 1}), found model {model.ModelId}");
                continue;
            }
            listLineOfModel[model.ModelId] = model.RequestListLine;
            CheckModel(workload, stagesOf, runsPhrase, model, seenAtLine, errors);
        }
        ReportMissing(workload, seenAtLine, listLineOfModel, real.Line, errors);
        errors.ThrowIfAny();
    }

    private static void CheckModel(Workload workload, Func<int, int> stagesOf, string runsPhrase, RealModelTrace model, int[] seenAtLine,
        InputErrorList errors)
    {
        bool stageCountReported = false;
        for (int j = 0; j < model.Count; j++)
        {
            int id = model.RequestIds[j];
            int line = model.RequestLines[j];
            if (id >= workload.Count)
            {
                errors.Add(line, $"expected a request id of the workload (0 to {workload.Count - 1}) in rq_id of model {model.ModelId}, found {id}");
                continue;
            }
            if (seenAtLine[id] != 0)
            {
                errors.Add(line, $"expected each request once in the trace, found request {id} again (first on line {seenAtLine[id]})");
                continue;
            }
            seenAtLine[id] = line;
            int workloadModel = workload.ModelIds[id];
            if (workloadModel != model.ModelId)
            {
                errors.Add(line, $"expected request {id} under model {workloadModel} (its model in the workload), found it under model {model.ModelId}");
                continue;
            }
            double arrival = workload.ArrivalsS[id];
            if (!(Math.Abs(model.ArrivalsS[j] - arrival) <= ArrivalToleranceS))
                errors.Add(model.ArrivalLines[j],
                    $"expected arrive of request {id} to be its workload arrival {PythonFloat.Format(arrival)} s (within {PythonFloat.Format(ArrivalToleranceS)} s), found {PythonFloat.Format(model.ArrivalsS[j])}");
            int simulatedStages = stagesOf(id);
            if (simulatedStages >= 0 && simulatedStages != model.StageCount && !stageCountReported)
            {
                // One line per model: every request of a model has the same stage lists, so one is enough.
                errors.Add(model.StagesLine, $"expected {simulatedStages} stage list(s) in stage_exec_info of model {model.ModelId}, as {runsPhrase} request {id} in {simulatedStages} stage(s), found {model.StageCount}");
                stageCountReported = true;
            }
        }
    }

    /// <summary>One line per model listing the workload requests the trace lacks, at the model's rq_id list (or the top of the file).</summary>
    private static void ReportMissing(Workload workload, int[] seenAtLine, int[] listLineOfModel, int rootLine, InputErrorList errors)
    {
        var missing = new List<int>[listLineOfModel.Length];
        for (int id = 0; id < workload.Count; id++)
        {
            if (seenAtLine[id] != 0) continue;
            int m = workload.ModelIds[id];
            (missing[m] ??= []).Add(id);
        }
        for (int m = 0; m < missing.Length; m++)
        {
            if (missing[m] is not { } ids) continue;
            string listed = string.Join(", ", ids.Take(MissingListed)) + (ids.Count > MissingListed ? $" and {ids.Count - MissingListed} more" : "");
            int line = listLineOfModel[m] > 0 ? listLineOfModel[m] : rootLine;
            errors.Add(line, $"expected every workload request of model {m} in the trace, found {ids.Count} missing: {listed}");
        }
    }

    /// <summary>Stages the simulation ran for a request: the recorder holds NaN from the first stage the request's replica lacks.</summary>
    public static int SimulatedStageCount(StageTimesRecorder simulated, int request)
    {
        int stages = 0;
        while (!double.IsNaN(simulated.StartOf(request, stages))) stages++;
        return stages;
    }
}
