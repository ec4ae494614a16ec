namespace DlSim.Llm;

/// <summary>
/// Times one micro-batch on each stage of a pipeline: a stage runs its layers at the batch's shape, the first stage
/// also the embedding, the last the final norm, output projection and sampler; between stages the activations cross
/// the link. With one stage, a stage's time is exactly the iteration time of <see cref="IterationTiming.Seconds"/>.
/// </summary>
public sealed class StageTiming
{
    private readonly IterationTiming _timing;
    private readonly int[] _layers;
    private readonly LlmPipeline _pipeline;
    private readonly LlmArchitecture _model;
    private readonly int _tp;

    public StageTiming(IterationTiming timing, LlmArchitecture model, int tp, LlmPipeline pipeline)
    {
        if (model.PipelineProblem(pipeline.Stages) is string problem) throw new ArgumentException(problem, nameof(pipeline));
        _timing = timing;
        _model = model;
        _tp = tp;
        _pipeline = pipeline;
        _layers = model.StageLayers(pipeline.Stages);
    }

    public int Stages => _layers.Length;
    public IterationTiming Iteration => _timing;

    /// <summary>Decoder layers of stage <paramref name="stage"/>.</summary>
    public int LayersOf(int stage) => _layers[stage];

    /// <summary>Seconds stage <paramref name="stage"/> takes to run a micro-batch of <paramref name="shape"/>.</summary>
    public double Seconds(in IterationShape shape, int stage) =>
        _layers.Length == 1 ? _timing.Seconds(shape) : _timing.StageSeconds(shape, _layers[stage], stage == 0, stage == _layers.Length - 1);

    /// <summary>Seconds a micro-batch of <paramref name="tokens"/> tokens takes to cross from one stage to the next.</summary>
    public double SendSeconds(int tokens) => _pipeline.SendSeconds(LlmPipeline.ActivationBytesPerGpu(_model, _tp, tokens));
}
