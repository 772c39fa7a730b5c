import{j as e}from"./index-CNVo_I1n.js";function r(o){return e.jsx("div",{className:"page max-w-4xl",children:e.jsx("h1",{className:"h1",children:"Coming soon"})})}export{r as ModerationQueuePage};
