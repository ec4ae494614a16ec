namespace DlSim.Llm;

/// <summary>
/// The prompts' token ids as a chain of block hashes, one per full block: a block's hash mixes its parent's hash with
/// its token ids, so two prompts share a block hash only where they share every token up to the block's end. This is
/// what prefix caching matches on; the ids themselves are not kept.
/// </summary>
public sealed class PromptBlockHashes
{
    private readonly ulong[][] _hashes;

    /// <param name="blockSize">Tokens per block the hashes were cut at.</param>
    /// <param name="hashes">Per request (in workload order), the hashes of its prompt's full blocks.</param>
    public PromptBlockHashes(int blockSize, ulong[][] hashes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        BlockSize = blockSize;
        _hashes = hashes;
    }

    public int BlockSize { get; }
    public int Count => _hashes.Length;
    /// <summary>The hashes of request <paramref name="index"/>'s full prompt blocks.</summary>
    public ReadOnlySpan<ulong> Of(int index) => _hashes[index];
    internal ulong[] Shared(int index) => _hashes[index];

    /// <summary>The hash chain of a prompt's full blocks.</summary>
    public static ulong[] Chain(ReadOnlySpan<int> tokenIds, int blockSize)
    {
        var chain = new ulong[tokenIds.Length / blockSize];
        ulong parent = Seed;
        for (int b = 0; b < chain.Length; b++)
        {
            ulong h = Mix(parent, (ulong)b);
            foreach (int id in tokenIds.Slice(b * blockSize, blockSize)) h = Mix(h, (uint)id);
            chain[b] = parent = h;
        }
        return chain;
    }

    /// <summary>The hash of a block holding generated tokens: their ids are unknown, so they are taken as unique to the
    /// request (only the request's own recomputation can match them).</summary>
    public static ulong Generated(ulong parent, int request, int block) =>
        Mix(Mix(Mix(parent, GeneratedTag), (ulong)request), (ulong)block);

    private const ulong Seed = 0x9E3779B97F4A7C15, GeneratedTag = 0xD6E8FEB86659FD93;

    /// <summary>A 64-bit mixing step (multiply–xorshift); collisions are negligible at workload sizes.</summary>
    private static ulong Mix(ulong h, ulong v)
    {
        h ^= v + 0x9E3779B97F4A7C15 + (h << 6) + (h >> 2);
        h *= 0xBF58476D1CE4E5B9;
        h ^= h >> 31;
        h *= 0x94D049BB133111EB;
        return h ^ (h >> 29);
    }
}
