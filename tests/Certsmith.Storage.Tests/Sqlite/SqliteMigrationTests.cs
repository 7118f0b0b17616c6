using Certsmith.Core.Tenancy;
using Certsmith.Storage.Sqlite;
using Certsmith.Storage.Sqlite.Internal;
using Microsoft.Data.Sqlite;

namespace Certsmith.Storage.Tests.Sqlite;

/// <summary>What only the SQLite store does: versioned migrations, WAL, and its options.</summary>
public sealed class SqliteMigrationTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Migration AddNotes = new(2, "0002_test_notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);");

    private readonly SqliteTestDatabase _database = new();
    private readonly CancellationToken _ct = new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_new_database_is_brought_to_the_newest_version_in_wal_mode()
    {
        var store = _database.Open();

        await store.MigrateAsync(_ct);

        Assert.Equal(Migration.Embedded.Count, await store.GetSchemaVersionAsync(_ct));
        Assert.Equal("wal", await PragmaAsync("journal_mode"));
        Assert.Equal([1], Migration.Embedded.Select(m => m.Version).Take(1));
    }

    [Fact]
    public async Task Migrating_twice_is_harmless_and_keeps_the_data()
    {
        var store = _database.Open();
        await store.MigrateAsync(_ct);
        var tenant = new Tenant(Guid.NewGuid(), "acme", null, T0);
        await store.Tenants.AddTenantAsync(tenant, _ct);

        await store.MigrateAsync(_ct);
        await _database.Open().MigrateAsync(_ct);

        Assert.Equal(Migration.Embedded.Count, await store.GetSchemaVersionAsync(_ct));
        Assert.Equal([tenant], await store.Tenants.ListTenantsAsync(_ct));
        Assert.Equal(Migration.Embedded.Count, await CountAsync("SELECT count(*) FROM schema_version"));
    }

    [Fact]
    public async Task A_database_at_version_n_is_brought_to_n_plus_one_without_replaying_earlier_steps()
    {
        var store = _database.Open();
        await store.MigrateAsync(_ct);
        var tenant = new Tenant(Guid.NewGuid(), "acme", null, T0);
        await store.Tenants.AddTenantAsync(tenant, _ct);
        var n = await store.GetSchemaVersionAsync(_ct);
        Migration[] withNext = [.. Migration.Embedded, AddNotes with { Version = n + 1 }];

        await _database.Open().MigrateToAsync(withNext, _ct);
        await _database.Open().MigrateToAsync(withNext, _ct);

        Assert.Equal(n + 1, await store.GetSchemaVersionAsync(_ct));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM notes"));
        Assert.Equal([tenant], await store.Tenants.ListTenantsAsync(_ct));
    }

    [Fact]
    public async Task A_database_newer_than_the_program_is_refused()
    {
        var store = _database.Open();
        await store.MigrateToAsync([.. Migration.Embedded, AddNotes with { Version = Migration.Embedded.Count + 1 }], _ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.MigrateAsync(_ct));
    }

    [Fact]
    public async Task A_failing_migration_leaves_the_database_at_the_previous_version()
    {
        var store = _database.Open();
        var broken = new Migration(Migration.Embedded.Count + 1, "broken", "CREATE TABLE half (id INTEGER); THIS IS NOT SQL;");

        await Assert.ThrowsAsync<SqliteException>(() => store.MigrateToAsync([.. Migration.Embedded, broken], _ct));

        Assert.Equal(Migration.Embedded.Count, await store.GetSchemaVersionAsync(_ct));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM sqlite_master WHERE name = 'half'"));
    }

    [Fact]
    public async Task Users_from_before_session_stamps_each_get_a_random_stamp_and_keep_their_password()
    {
        var store = _database.Open();
        var stamps = Migration.Embedded.Single(m => m.Name == "0013_session_stamps");
        await store.MigrateToAsync(Migration.Embedded.Where(m => m.Version < stamps.Version).ToList(), _ct);
        var tenant = new Tenant(Guid.NewGuid(), "acme", null, T0);
        await store.Tenants.AddTenantAsync(tenant, _ct);
        var alice = Guid.NewGuid();
        var bob = Guid.NewGuid();
        await ExecuteAsync("INSERT INTO users (id, tenant_id, email, password_hash, created_at) VALUES " +
            $"('{alice:D}', '{tenant.Id:D}', 'alice@acme.example', 'hash-a', 0), ('{bob:D}', '{tenant.Id:D}', 'bob@acme.example', 'hash-b', 0)");

        await store.MigrateAsync(_ct);

        var a = (await store.Tenants.GetUserAsync(alice, _ct))!;
        var b = (await store.Tenants.GetUserAsync(bob, _ct))!;
        Assert.Equal("hash-a", a.PasswordHash);
        Assert.Matches("^[0-9a-f]{32}$", a.SessionStamp);
        Assert.Matches("^[0-9a-f]{32}$", b.SessionStamp);
        Assert.NotEqual(a.SessionStamp, b.SessionStamp);
    }

    [Fact]
    public void Migrations_with_a_gap_are_refused()
    {
        Assert.Throws<InvalidOperationException>(() => Migration.CheckSequence([.. Migration.Embedded, AddNotes with { Version = Migration.Embedded.Count + 2 }]));
    }

    [Fact]
    public void Options_report_every_error()
    {
        var errors = new SqliteStoreOptions { DatabasePath = " ", BusyTimeout = TimeSpan.Zero }.Validate();

        Assert.Equal(2, errors.Count);
        Assert.Throws<ArgumentException>(() => new SqliteStore(new SqliteStoreOptions()));
    }

    private async Task<string?> PragmaAsync(string name)
    {
        await using var connection = new SqliteConnection($"Data Source={_database.Path}");
        await connection.OpenAsync(_ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return (string?)await command.ExecuteScalarAsync(_ct);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_database.Path}");
        await connection.OpenAsync(_ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(_ct);
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_database.Path}");
        await connection.OpenAsync(_ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync(_ct))!;
    }
}
