/** Audit action and entity-type options for the audit-log filters, grouped by area. */

export const ACTION_GROUPS: [string, [string, string][]][] = [
  ['Questions', [
    ['question.answer', 'Answer Question'], ['question.pin', 'Pin Question'], ['question.unpin', 'Unpin Question'],
    ['question.freeze', 'Freeze Question'], ['question.unfreeze', 'Unfreeze Question'],
    ['question.tag.add', 'Add Tag to Question'], ['question.tag.remove', 'Remove Tag from Question'],
  ]],
  ['Moderation', [
    ['question.moderation.flagged', 'Question Flagged'], ['question.moderation.under_review', 'Question Held for Review'],
    ['question.moderation.approved', 'Question Approved'], ['question.moderation.rejected', 'Question Rejected'],
  ]],
  ['Bulk', [
    ['bulk.tag.add', 'Bulk Add Tag'], ['bulk.tag.remove', 'Bulk Remove Tag'], ['bulk.pin', 'Bulk Pin'], ['bulk.unpin', 'Bulk Unpin'],
    ['bulk.freeze', 'Bulk Freeze'], ['bulk.unfreeze', 'Bulk Unfreeze'], ['bulk.delete', 'Bulk Delete'],
  ]],
  ['Teams', [
    ['team.create', 'Create Team'], ['team.update', 'Update Team'], ['team.deactivate', 'Deactivate Team'],
    ['team.member.add', 'Add Team Member'], ['team.member.update', 'Change Member Role'], ['team.member.remove', 'Remove Team Member'],
  ]],
  ['Tags', [['tag.create', 'Create Tag'], ['tag.update', 'Update Tag'], ['tag.delete', 'Delete Tag']]],
  ['Users', [
    ['user.create', 'Create User'], ['user.update', 'Update User'], ['user.activate', 'Activate User'], ['user.deactivate', 'Deactivate User'],
    ['user.role_update', 'Change User Role'], ['user.team_add', 'Add User to Team'], ['user.team_remove', 'Remove User from Team'],
  ]],
  ['Organisation', [['tenant.update', 'Update Organisation'], ['tenant.settings.update', 'Update Settings'], ['permission.denied', 'Permission Denied']]],
];

export const ENTITY_TYPES = ['Question', 'Team', 'Tag', 'User', 'Tenant', 'TenantSettings', 'Permission'];

/** Colour class for an action word (create green, update blue, delete red, answer purple). */
export function actionColor(action: string): string {
  if (/delete|deactivate|reject|remove|denied/.test(action)) return 'text-red-700 dark:text-red-300';
  if (/create|add|approve|activate/.test(action)) return 'text-green-700 dark:text-green-300';
  if (/update|role/.test(action)) return 'text-blue-700 dark:text-blue-300';
  if (/answer/.test(action)) return 'text-purple-700 dark:text-purple-300';
  return 'text-theme-muted';
}
