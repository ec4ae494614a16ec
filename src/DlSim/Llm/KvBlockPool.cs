namespace DlSim.Llm;

/// <summary>
/// A replica's KV cache blocks, as vLLM's v1 block pool keeps them. A block is held by the requests using it (a
/// reference count); a block nobody holds sits in the free queue, oldest-freed first. With prefix caching, a full
/// block keeps its hash after it is freed and can be taken back by a request whose prefix matches, until the queue
/// hands it out as a new block (then its hash is forgotten: evicted, least recently freed first).
/// </summary>
internal sealed class KvBlockPool
{
    private const int None = -1;
    private readonly int[] _references;
    private readonly ulong[] _hash;
    private readonly bool[] _hashed;
    private readonly int[] _previous, _next;
    private readonly Dictionary<ulong, int> _cached = [];
    private int _head = None, _tail = None;

    public KvBlockPool(int blocks)
    {
        Total = blocks;
        _references = new int[blocks];
        _hash = new ulong[blocks];
        _hashed = new bool[blocks];
        _previous = new int[blocks];
        _next = new int[blocks];
        for (int b = 0; b < blocks; b++) Enqueue(b);
    }

    public int Total { get; }
    /// <summary>Blocks nobody holds (cached ones among them): what new allocations may take.</summary>
    public int Free { get; private set; }
    public int Used => Total - Free;
    /// <summary>Blocks matched from the cache so far.</summary>
    public long Hits { get; private set; }

    /// <summary>The block holding <paramref name="hash"/>, if cached.</summary>
    public bool TryFind(ulong hash, out int block) => _cached.TryGetValue(hash, out block);

    /// <summary>True when <paramref name="block"/> is free (taking it back costs a free block).</summary>
    public bool IsFree(int block) => _references[block] == 0;

    /// <summary>Takes a cached block for a request (a hit).</summary>
    public void Touch(int block)
    {
        if (_references[block]++ == 0) Unlink(block);
        Hits++;
    }

    /// <summary>Takes the oldest free block, evicting its cached hash if it has one.</summary>
    public int Allocate()
    {
        if (_head == None) throw new InvalidOperationException("no free KV block");
        int block = _head;
        Unlink(block);
        if (_hashed[block])
        {
            if (_cached.TryGetValue(_hash[block], out int holder) && holder == block) _cached.Remove(_hash[block]);
            _hashed[block] = false;
        }
        _references[block] = 1;
        return block;
    }

    /// <summary>Records that a held block is full with content <paramref name="hash"/> (a block whose content is
    /// already cached elsewhere stays uncached).</summary>
    public void Register(int block, ulong hash)
    {
        if (_hashed[block]) return;
        _hash[block] = hash;
        _hashed[block] = true;
        _cached.TryAdd(hash, block);
    }

    /// <summary>Releases a request's blocks, last block first so that a prompt's tail is evicted before its head.</summary>
    public void Release(List<int> blocks)
    {
        for (int i = blocks.Count - 1; i >= 0; i--)
            if (--_references[blocks[i]] == 0) Enqueue(blocks[i]);
        blocks.Clear();
    }

    /// <summary>Blocks held by at least one request (each counted once).</summary>
    public int CountHeld() => _references.Count(r => r > 0);

    private void Enqueue(int block)
    {
        _previous[block] = _tail;
        _next[block] = None;
        if (_tail != None) _next[_tail] = block; else _head = block;
        _tail = block;
        Free++;
    }

    private void Unlink(int block)
    {
        int p = _previous[block], n = _next[block];
        if (p != None) _next[p] = n; else _head = n;
        if (n != None) _previous[n] = p; else _tail = p;
        Free--;
    }
}
