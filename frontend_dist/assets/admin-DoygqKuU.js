import{ak as a,ai as e}from"./index-DCN1KZKt.js";const i=t=>a(`/admin/export/preview${e({...t,limit:"100"})}`),s=t=>a(`/admin/stats/moderation${e(t)}`);export{i as e,s as m};
