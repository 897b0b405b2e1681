using Parley.Identity;

namespace Parley.Teams;

public static class TeamEndpoints
{
    public static IEndpointRouteBuilder MapTeams(this IEndpointRouteBuilder app)
    {
        // Everyone may see the teams (they route conversations to them); admins shape them.
        var teams = app.MapGroup("/api/v1/teams").WithTags("Teams");
        teams.MapGet("/", (string? cursor, int? limit, ListTeams handler, CancellationToken ct) => handler.Handle(cursor, limit, ct))
            .WithName("ListTeams")
            .WithSummary("The organisation's teams, by name, keyset-paged.");
        teams.MapGet("/{id:guid}", (Guid id, GetTeam handler, CancellationToken ct) => handler.Handle(id, ct))
            .WithName("GetTeam")
            .WithSummary("A team with its members.");

        var admin = teams.MapGroup("").RequireAuthorization(Authentication.AdminPolicy);
        admin.MapPost("/", (CreateTeam.Request request, CreateTeam handler, CancellationToken ct) => handler.Handle(request, ct))
            .WithName("CreateTeam");
        admin.MapPatch("/{id:guid}", (Guid id, RenameTeam.Request request, RenameTeam handler, CancellationToken ct) => handler.Handle(id, request, ct))
            .WithName("RenameTeam");
        admin.MapDelete("/{id:guid}", (Guid id, DeleteTeam handler, CancellationToken ct) => handler.Handle(id, ct))
            .WithName("DeleteTeam");
        admin.MapPut("/{id:guid}/members/{userId:guid}", (Guid id, Guid userId, ChangeTeamMembership handler, CancellationToken ct) => handler.Add(id, userId, ct))
            .WithName("AddTeamMember")
            .WithSummary("Add a user to the team (adding a member twice changes nothing).");
        admin.MapDelete("/{id:guid}/members/{userId:guid}", (Guid id, Guid userId, ChangeTeamMembership handler, CancellationToken ct) => handler.Remove(id, userId, ct))
            .WithName("RemoveTeamMember");
        return app;
    }
}
