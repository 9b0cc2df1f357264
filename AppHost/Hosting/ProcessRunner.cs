using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace OrderPlatform.AppHost.Hosting;

/// <summary>Process helpers: start with logs captured, signal, wait, run as another user, find a free port.</summary>
public static partial class ProcessRunner
{
    public const int SIGINT = 2, SIGKILL = 9, SIGTERM = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();

    public static bool IsRoot => OperatingSystem.IsLinux() && GetEuid() == 0;

    public static void Signal(Process process, int signal)
    {
        try { if (!process.HasExited) SysKill(process.Id, signal); }
        catch (InvalidOperationException) { /* already gone */ }
    }

    /// <summary>Asks a process to stop with <paramref name="signal"/>, then kills its tree if it has not exited in time.</summary>
    public static async Task StopAsync(Process process, int signal, TimeSpan grace)
    {
        if (process.HasExited) return;
        Signal(process, signal);
        using var cts = new CancellationTokenSource(grace);
        try { await process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await process.WaitForExitAsync();
        }
    }

    /// <summary>
    /// Starts a process with stdout/stderr going to <paramref name="log"/>. As root, a server that refuses
    /// root (PostgreSQL, RabbitMQ) runs as <paramref name="runAsUser"/> through setpriv, which execs in
    /// place so the pid is the server's own.
    /// </summary>
    public static Process Start(string file, IEnumerable<string> args, string workingDirectory,
        IEnumerable<KeyValuePair<string, string>> environment, Action<string> log, string? runAsUser = null)
    {
        var info = new ProcessStartInfo
        {
            FileName = file, WorkingDirectory = workingDirectory, UseShellExecute = false,
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
        };
        if (runAsUser is not null && IsRoot)
        {
            info.FileName = "setpriv";
            foreach (var a in new[] { "--reuid", runAsUser, "--regid", runAsUser, "--init-groups", "--", file }) info.ArgumentList.Add(a);
        }
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (k, v) in environment) info.Environment[k] = v;
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs a command to completion; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> args,
        IEnumerable<KeyValuePair<string, string>>? environment = null, string? runAsUser = null, string? workingDirectory = null)
    {
        var output = new System.Text.StringBuilder();
        using var process = Start(file, args, workingDirectory ?? Environment.CurrentDirectory, environment ?? [],
            line => { lock (output) output.AppendLine(line); }, runAsUser);
        await process.WaitForExitAsync();
        return (process.ExitCode, output.ToString());
    }

    public static async Task ChownAsync(string path, string user)
    {
        if (!IsRoot) return;
        var (code, output) = await RunAsync("chown", ["-R", $"{user}:{user}", path]);
        if (code != 0) throw new InvalidOperationException($"chown {path} failed: {output}");
    }

    public static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            return client.ConnectAsync(IPAddress.Loopback, port).Wait(TimeSpan.FromMilliseconds(300)) && client.Connected;
        }
        catch (AggregateException) { return false; }
        catch (SocketException) { return false; }
    }

    private static readonly HashSet<int> Handed = [];

    /// <summary>
    /// A loopback port free now and not handed out before by this process: the kernel may offer the
    /// port it just released again, and two services given one port would fight over it.
    /// </summary>
    public static int FreePort()
    {
        lock (Handed)
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (Handed.Add(port)) return port;
            }
    }
}
