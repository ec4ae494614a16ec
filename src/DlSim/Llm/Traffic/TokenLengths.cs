using System.Globalization;
using DlSim.Foundation;
using DlSim.Workloads;

namespace DlSim.Llm.Traffic;

/// <summary>Where generated requests take their prompt and output lengths from. Adding a kind touches this enum and the switch in <see cref="TokenLengthSampler"/>.</summary>
public enum TokenLengthKind
{
    /// <summary>The (input, output) pair of a request of a trace, drawn uniformly with replacement: the pair's correlation is kept.</summary>
    Empirical,

    /// <summary>Input and output drawn independently from log-normals given by median and σ of the log, rounded, clamped to [1, max].</summary>
    LogNormal,
}

/// <summary>How generated requests get their token lengths (see <see cref="TokenLengthKind"/>). Build with <see cref="FromTrace"/> or <see cref="LogNormal"/>.</summary>
public sealed record TokenLengthSpec
{
    /// <summary>Default clamp of log-normal lengths: the context of common 32k models.</summary>
    public const int DefaultMaxTokens = 32_768;

    /// <summary>Largest token count of a prompt or an output (a 16M-token request is far past any model's context).</summary>
    public const int MaxTokensLimit = 1 << 24;

    public TokenLengthKind Kind { get; init; }

    /// <summary>Empirical: the trace whose pairs are resampled (≥ 1 request).</summary>
    public LlmWorkload? Trace { get; init; }

    /// <summary>Log-normal: median prompt tokens (≥ 1) and σ of its log (≥ 0; 0 gives the median every time).</summary>
    public double InputMedian { get; init; } = 1;
    public double InputSigma { get; init; }

    /// <summary>Log-normal: median output tokens (≥ 1) and σ of its log (≥ 0).</summary>
    public double OutputMedian { get; init; } = 1;
    public double OutputSigma { get; init; }

    /// <summary>Log-normal: largest prompt and largest output drawn; draws above it become it.</summary>
    public int MaxTokens { get; init; } = DefaultMaxTokens;

    public static TokenLengthSpec FromTrace(LlmWorkload trace)
    {
        if (trace.Count == 0) throw new InputException(trace.Source, 0, "expected a trace with at least one request to draw token lengths from, found none");
        return new TokenLengthSpec { Kind = TokenLengthKind.Empirical, Trace = trace };
    }

    public static TokenLengthSpec LogNormal(double inputMedian, double inputSigma, double outputMedian, double outputSigma, int maxTokens = DefaultMaxTokens)
    {
        var spec = new TokenLengthSpec
        {
            Kind = TokenLengthKind.LogNormal, InputMedian = inputMedian, InputSigma = inputSigma,
            OutputMedian = outputMedian, OutputSigma = outputSigma, MaxTokens = maxTokens,
        };
        spec.Validate();
        return spec;
    }

    /// <summary>Throws every bad figure at once, under the flags that set them.</summary>
    public void Validate()
    {
        var errors = new List<InputError>();
        if (Kind == TokenLengthKind.Empirical && (Trace is null || Trace.Count == 0))
            errors.Add(new InputError("--lengths", 0, "expected a trace with at least one request, found none"));
        if (Kind == TokenLengthKind.LogNormal)
        {
            if (!(MaxTokens >= 1 && MaxTokens <= MaxTokensLimit))
                errors.Add(new InputError("--max-tokens", 0, $"expected a whole number from 1 to {MaxTokensLimit} (the limit), found {MaxTokens}"));
            CheckSide(errors, "input", InputMedian, InputSigma);
            CheckSide(errors, "output", OutputMedian, OutputSigma);
        }
        if (errors.Count > 0) throw new InputException(errors);
    }

    private void CheckSide(List<InputError> errors, string side, double median, double sigma)
    {
        if (!(median >= 1 && median <= MaxTokens))
            errors.Add(new InputError("--lengths", 0, $"expected the {side} median from 1 to --max-tokens ({MaxTokens}), found {F(median)}"));
        if (!(sigma >= 0 && sigma <= 10))
            errors.Add(new InputError("--lengths", 0, $"expected the {side} sigma from 0 to 10 (σ of the log of the length), found {F(sigma)}"));
    }

    /// <summary>"lengths of 300 requests of FILE", "log-normal input median 1020 σ 1, output median 129 σ 1.2, max 32768".</summary>
    public override string ToString() => Kind switch
    {
        TokenLengthKind.Empirical => $"lengths of the {Trace?.Count} requests of {Trace?.Source}",
        _ => $"log-normal input median {F(InputMedian)} σ {F(InputSigma)}, output median {F(OutputMedian)} σ {F(OutputSigma)}, max {MaxTokens}",
    };

    private static string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>Draws (input, output) token lengths as a <see cref="TokenLengthSpec"/> says, from its own RNG: the same spec and seed give the same lengths.</summary>
public sealed class TokenLengthSampler
{
    private readonly TokenLengthSpec _spec;
    private readonly DeterministicRng _rng;

    public TokenLengthSampler(TokenLengthSpec spec, DeterministicRng rng)
    {
        spec.Validate();
        _spec = spec;
        _rng = rng;
    }

    /// <summary>The next request's lengths, each ≥ 1.</summary>
    public (int Input, int Output) Next()
    {
        switch (_spec.Kind)
        {
            case TokenLengthKind.Empirical:
                var trace = _spec.Trace!.Requests;
                int i = (int)(_rng.NextDouble() * trace.Count); // < Count: NextDouble < 1
                return (trace[i].InputTokens, trace[i].OutputTokens);
            case TokenLengthKind.LogNormal:
                int input = LogNormal(_spec.InputMedian, _spec.InputSigma);
                return (input, LogNormal(_spec.OutputMedian, _spec.OutputSigma));
            default:
                throw new InvalidOperationException($"unknown token length kind {_spec.Kind}");
        }
    }

    /// <summary>median · e^(σZ), rounded to the nearest whole token and clamped to [1, max]; always draws one normal.</summary>
    private int LogNormal(double median, double sigma)
    {
        double x = median * Math.Exp(sigma * _rng.NextStandardNormal());
        return (int)Math.Clamp(Math.Round(x), 1, _spec.MaxTokens);
    }
}
