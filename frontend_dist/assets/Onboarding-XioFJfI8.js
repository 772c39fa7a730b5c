import{j as s}from"./index-CNVo_I1n.js";function r(n){return s.jsx("div",{className:"page max-w-4xl",children:s.jsx("h1",{className:"h1",children:"Coming soon"})})}export{r as OnboardingPage};
