import{j as s}from"./index-DCN1KZKt.js";function o(e){return s.jsx("div",{className:"page max-w-4xl",children:s.jsx("h1",{className:"h1",children:"Coming soon"})})}export{o as AdminPage};
