namespace DlSim.Serving;

/// <summary>A request waiting in a replica's queue, or a member of a running batch.</summary>
/// <param name="Client">The closed-loop client that sent it; −1 for open-loop traffic.</param>
public readonly record struct WaitingRequest(int Request, int Model, int Client, double ArrivalS);

/// <summary>FIFO queues of waiting requests, one per replica (used only when batching). Ring buffers: no allocation once grown.</summary>
public sealed class ReplicaQueues
{
    private readonly WaitingRequest[][] _items;
    private readonly int[] _head;
    private readonly int[] _count;

    public ReplicaQueues(int replicas)
    {
        _items = new WaitingRequest[replicas][];
        for (int r = 0; r < replicas; r++) _items[r] = new WaitingRequest[16];
        _head = new int[replicas];
        _count = new int[replicas];
    }

    public int Count(int replica) => _count[replica];

    public ref readonly WaitingRequest Peek(int replica, int index) =>
        ref _items[replica][(_head[replica] + index) % _items[replica].Length];

    public void Enqueue(int replica, in WaitingRequest item)
    {
        var items = _items[replica];
        if (_count[replica] == items.Length)
        {
            var bigger = new WaitingRequest[items.Length * 2];
            for (int i = 0; i < _count[replica]; i++) bigger[i] = items[(_head[replica] + i) % items.Length];
            _items[replica] = items = bigger;
            _head[replica] = 0;
        }
        items[(_head[replica] + _count[replica]) % items.Length] = item;
        _count[replica]++;
    }

    public WaitingRequest Dequeue(int replica)
    {
        var items = _items[replica];
        var item = items[_head[replica]];
        _head[replica] = (_head[replica] + 1) % items.Length;
        _count[replica]--;
        return item;
    }
}

/// <summary>Members of the batches in flight, by batch handle; handles are reused once a batch finishes.</summary>
public sealed class BatchPool(int maxBatch)
{
    private WaitingRequest[] _members = new WaitingRequest[64 * maxBatch];
    private int[] _requests = new int[64 * maxBatch];
    private int[] _size = new int[64];
    private readonly Stack<int> _free = new(Enumerable.Range(0, 64).Reverse());

    public int Rent()
    {
        if (_free.Count == 0)
        {
            int old = _size.Length;
            Array.Resize(ref _size, old * 2);
            Array.Resize(ref _members, old * 2 * maxBatch);
            Array.Resize(ref _requests, old * 2 * maxBatch);
            for (int i = old * 2 - 1; i >= old; i--) _free.Push(i);
        }
        int handle = _free.Pop();
        _size[handle] = 0;
        return handle;
    }

    public void Add(int handle, in WaitingRequest member)
    {
        int i = handle * maxBatch + _size[handle]++;
        _members[i] = member;
        _requests[i] = member.Request;
    }

    public int Size(int handle) => _size[handle];
    public ref readonly WaitingRequest Member(int handle, int index) => ref _members[handle * maxBatch + index];
    public ReadOnlySpan<int> Requests(int handle) => _requests.AsSpan(handle * maxBatch, _size[handle]);
    public void Return(int handle) => _free.Push(handle);
}
