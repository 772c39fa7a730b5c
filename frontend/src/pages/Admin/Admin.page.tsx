/** Admin panel shell: API status and tabs kept in ?tab= (ui.md §11.1). */
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { rootHealth } from '../../api/admin';
import { Tabs } from '../../components/Tabs';
import { setTitle } from '../../config';
import { useSettings } from '../../theme/SettingsContext';
import { AuditPanel } from './Audit.page';
import { PulseSettingsPanel } from './PulseSettings.page';
import { SettingsTab } from './SettingsTab';
import { TagsTab } from './TagsTab';
import { TeamsTab } from './TeamsTab';
import { UsersTab } from './UsersTab';

const TABS = [
  { id: 'teams', label: 'Teams' }, { id: 'tags', label: 'Tags' }, { id: 'users', label: 'Users' },
  { id: 'audit', label: 'Audit Log' }, { id: 'settings', label: 'Settings' }, { id: 'pulse', label: 'Pulse Settings' },
  { id: 'moderation', label: 'Moderation' },
];

export function AdminPage() {
  const [params, setParams] = useSearchParams();
  const { mode } = useSettings();
  const tab = TABS.some((t) => t.id === params.get('tab')) ? params.get('tab')! : 'teams';
  const [api, setApi] = useState<'checking' | 'ok' | 'down'>('checking');
  useEffect(() => setTitle('Admin Panel'), []);
  useEffect(() => { rootHealth().then(() => setApi('ok')).catch(() => setApi('down')); }, []);
  const dot = api === 'ok' ? 'bg-green-500' : api === 'down' ? 'bg-red-500' : 'bg-yellow-400';
  return (
    <div className="page max-w-6xl">
      <header className="mb-6 flex flex-wrap items-center gap-4">
        <img src={`/brand/pulsestage-icon-${mode === 'dark' ? 'light' : 'dark'}.svg`} alt="" className="h-12 w-12" />
        <div className="flex-1"><h1 className="h1">Admin Panel</h1><p className="muted">Administration and configuration of your organisation.</p></div>
        <p className="flex items-center gap-2 text-sm">API Status:
          <span className={`h-3 w-3 rounded-full ${dot}`} title={api === 'ok' ? 'API is healthy' : api === 'down' ? 'API is not responding' : 'Checking'} />
          <span className="sr-only">{api === 'ok' ? 'healthy' : api === 'down' ? 'not responding' : 'checking'}</span></p>
      </header>
      <Tabs label="Admin sections" tabs={TABS} active={tab} onChange={(t) => setParams({ tab: t })} />
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="mt-6">
        {tab === 'teams' && <TeamsTab />}
        {tab === 'tags' && <TagsTab />}
        {tab === 'users' && <UsersTab />}
        {tab === 'audit' && <AuditPanel />}
        {tab === 'settings' && <SettingsTab />}
        {tab === 'pulse' && <PulseSettingsPanel />}
        {tab === 'moderation' && (
          <div className="grid gap-4 sm:grid-cols-3">
            {[['/moderator/stats', 'Moderation Stats', 'Activity and response times per moderator.'], ['/moderator/queue', 'Moderation Queue', 'Review, answer and organise questions.'], ['/moderator/export', 'Export Questions', 'Download questions as CSV or JSON.']].map(([to, t, d]) => (
              <Link key={to} to={to} className="card p-5 hover:shadow-md"><h2 className="h2">{t}</h2><p className="text-sm muted">{d}</p></Link>
            ))}
          </div>
        )}
      </div>
    </div>
  );
}
