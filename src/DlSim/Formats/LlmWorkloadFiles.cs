using DlSim.Formats.AzureLlm;
using DlSim.Formats.Files;
using DlSim.Formats.LlmWorkloads;
using DlSim.Foundation;
using DlSim.Llm;

namespace DlSim.Formats;

/// <summary>
/// Reads and writes LLM workloads whatever their format: a <c>.jsonl</c> workload (input_toks, output_toks,
/// arrival_time_ns) or an Azure LLM trace <c>.csv</c> (TIMESTAMP,ContextTokens,GeneratedTokens). Another
/// extension is read by its first bytes: <c>{</c> for JSONL, the Azure header for CSV.
/// </summary>
public static class LlmWorkloadFiles
{
    public const string Expected = "an LLM workload: .jsonl (input_toks, output_toks, arrival_time_ns) or an Azure LLM trace .csv (" + AzureLlmTraceCsv.HeaderText + ")";

    /// <param name="hashBlockSize">For JSONL with the prompts' token ids: tokens per KV block to keep them as block
    /// hashes at (prefix caching); null to skip them. An Azure trace has no token ids.</param>
    public static LlmWorkload Read(string path, int? hashBlockSize = null)
    {
        InputFiles.CheckRegular(path, "LLM workload file");
        return KindOf(path) switch
        {
            Kind.Jsonl => LlmWorkloadJsonl.Read(path, hashBlockSize),
            Kind.AzureCsv => AzureLlmTraceCsv.Read(path),
            _ => throw new InputException(path, 0, $"expected {Expected}, found neither by its name nor its first line"),
        };
    }

    /// <summary>True when <paramref name="path"/> is an Azure LLM trace (by its name, else its first line); false for JSONL or an unknown kind.</summary>
    public static bool IsAzureTrace(string path)
    {
        InputFiles.CheckRegular(path, "LLM workload file");
        return KindOf(path) == Kind.AzureCsv;
    }

    /// <summary>Writes the workload as JSONL, atomically. A name ending in .csv is refused: it would be read back as an Azure trace.</summary>
    public static void Write(LlmWorkload workload, string path)
    {
        if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            throw new InputException(path, 0, "expected a .jsonl file name (LLM workloads are written as JSONL), found a .csv name");
        LlmWorkloadJsonl.Write(workload, path);
    }

    private enum Kind { Unknown, Jsonl, AzureCsv }

    private static Kind KindOf(string path)
    {
        string ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is ".jsonl" or ".ndjson") return Kind.Jsonl;
        if (ext == ".csv") return Kind.AzureCsv;
        Span<byte> head = stackalloc byte[64];
        int n;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1)) n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var text = head[..n];
        if (text.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) text = text[3..];
        text = text.TrimStart(" \t\r\n"u8);
        if (text.StartsWith("{"u8)) return Kind.Jsonl;
        if (text.StartsWith("TIMESTAMP"u8)) return Kind.AzureCsv;
        return Kind.Unknown;
    }
}
