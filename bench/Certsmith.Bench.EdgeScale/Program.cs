// The Certsmith side of the edge-scale benchmark (bench/edge-scale/run.sh drives it).
//   prepare <dir> <N>        N ECDSA P-256 certificates under a test CA: <dir>/store.db (SQLite store, keys encrypted
//                            with <dir>/master.key), <dir>/names.txt, <dir>/haproxy/*.pem + crt-list.txt. Skipped when done.
//   serve <dir> <port>       the Certsmith edge on 127.0.0.1:<port> over <dir>/store.db (an empty store when <dir> has
//                            none); prints "started <ms>" once it accepts handshakes, then on stdin "mem" prints
//                            "mem gc=<bytes> ws=<bytes>" after a full collection; "change <name>" retires and restores
//                            that name's certificate in the store and times each until the edge serves it; "quit" stops it.
using Certsmith.Bench.EdgeScale;

return args switch
{
    ["prepare", var dir, var n] => await Prepare.RunAsync(dir, int.Parse(n, System.Globalization.CultureInfo.InvariantCulture)),
    ["serve", var dir, var port] => await Serve.RunAsync(dir, int.Parse(port, System.Globalization.CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Certsmith.Bench.EdgeScale prepare <dir> <N> | serve <dir> <port>");
    return 2;
}
