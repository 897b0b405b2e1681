using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Audit;
using Parley.Channels;
using Parley.Contacts;
using Parley.Identity;
using Parley.Teams;

namespace Parley.Conversations;

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.PreviousStatus).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.DeletedFrom).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Priority).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Subject).HasMaxLength(300);
        builder.Property(c => c.LastMessagePreview).HasMaxLength(Conversation.PreviewLength);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasOne<Contact>().WithMany().HasForeignKey(c => c.ContactId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Channel>().WithMany().HasForeignKey(c => c.ChannelId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.AssigneeId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Team>().WithMany().HasForeignKey(c => c.TeamId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(c => c.Tags).WithOne().HasForeignKey(t => t.ConversationId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Tags).HasField("_tags");
        builder.HasMany(c => c.NewEvents).WithOne().HasForeignKey(e => e.ConversationId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.NewEvents).HasField("_events");

        // Inbox lists are keyset-paged newest activity first; each view has an index that ends in
        // (last_activity_at, id) so a page is an index range scan, never a sort of the whole inbox.
        builder.HasIndex(c => new { c.OrganizationId, c.LastActivityAt, c.Id });
        builder.HasIndex(c => new { c.OrganizationId, c.AssigneeId, c.LastActivityAt, c.Id });
        builder.HasIndex(c => new { c.OrganizationId, c.TeamId, c.LastActivityAt, c.Id });
        builder.HasIndex(c => new { c.OrganizationId, c.Status, c.LastActivityAt, c.Id });
        // The contact's live conversation on a channel (inbound routing, search by contact).
        builder.HasIndex(c => new { c.ContactId, c.ChannelId, c.LastActivityAt });
        // The Maintenance sweep, per channel: inactive conversations of a status, oldest first;
        // and Deleted ones by when they were deleted (the purge).
        builder.HasIndex(c => new { c.ChannelId, c.Status, c.LastActivityAt, c.Id });
        builder.HasIndex(c => new { c.ChannelId, c.DeletedAt });
    }
}

internal sealed class ConversationTagConfiguration : IEntityTypeConfiguration<ConversationTag>
{
    public void Configure(EntityTypeBuilder<ConversationTag> builder)
    {
        builder.HasKey(t => new { t.ConversationId, t.Tag });
        builder.Property(t => t.Tag).HasMaxLength(50);
        builder.HasIndex(t => new { t.OrganizationId, t.Tag });
    }
}

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> builder)
    {
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Direction).HasConversion<string>().HasMaxLength(8);
        builder.Property(m => m.Kind).HasConversion<string>().HasMaxLength(8);
        builder.Property(m => m.AuthorType).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.DeliveryStatus).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.DeliveryError).HasMaxLength(500);
        builder.Property(m => m.ExternalMessageId).HasMaxLength(200);
        builder.Property(m => m.Text).HasMaxLength(10_000);
        builder.HasOne<Conversation>().WithMany().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(m => m.AuthorUserId).OnDelete(DeleteBehavior.SetNull);
        // Ingestion is idempotent on (channel, provider message id) by this constraint (SPEC §6).
        builder.HasIndex(m => new { m.ChannelId, m.ExternalMessageId }).IsUnique();
        builder.HasIndex(m => new { m.ConversationId, m.CreatedAt, m.Id });
        // Existing rows had no attempts when the column arrived (migration 0007).
        builder.Property(m => m.SendAttempts).HasDefaultValue(0);
        builder.Property(m => m.DeliveryHold).HasConversion<string>().HasMaxLength(24);
        builder.Property(m => m.TemplateName).HasMaxLength(100);
        builder.Property(m => m.TemplateLanguage).HasMaxLength(16);
        builder.Property(m => m.TemplateParameters).HasMaxLength(4000);
        // The outbound worker's queue: queued replies by when they may next be tried.
        builder.HasIndex(m => new { m.DeliveryStatus, m.NextAttemptAt });
    }
}

internal sealed class MessageViewConfiguration : IEntityTypeConfiguration<MessageView>
{
    public void Configure(EntityTypeBuilder<MessageView> builder)
    {
        builder.HasKey(v => new { v.MessageId, v.UserId });
        builder.HasOne<Message>().WithMany().HasForeignKey(v => v.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(v => v.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(v => v.ConversationId);
        builder.HasIndex(v => v.UserId);
    }
}

internal sealed class ConversationReadConfiguration : IEntityTypeConfiguration<ConversationRead>
{
    public void Configure(EntityTypeBuilder<ConversationRead> builder)
    {
        builder.HasKey(r => new { r.ConversationId, r.UserId });
        builder.HasOne<Conversation>().WithMany().HasForeignKey(r => r.ConversationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => r.UserId);
    }
}

internal sealed class ReminderConfiguration : IEntityTypeConfiguration<Reminder>
{
    public void Configure(EntityTypeBuilder<Reminder> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Note).HasMaxLength(1000);
        builder.HasOne<Conversation>().WithMany().HasForeignKey(r => r.ConversationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(r => r.CreatedByUserId).OnDelete(DeleteBehavior.Cascade);
        // The due-reminder sweep reads unfired reminders by due time.
        builder.HasIndex(r => new { r.FiredAt, r.DueAt });
        builder.HasIndex(r => r.ConversationId);
    }
}
