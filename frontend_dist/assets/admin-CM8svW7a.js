import{W as e,U as o}from"./index-C9N4Hys4.js";const s=t=>e(`/admin/export/preview${o({...t,limit:"100"})}`),i=t=>e(`/admin/stats/moderation${o(t)}`);export{s as e,i as m};
