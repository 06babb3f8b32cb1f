// pbgdpl: bật nút "In trang" (ẩn sẵn trong HTML để trang vẫn gọn khi không có JavaScript).
// Tệp cùng nguồn, không có mã nội tuyến, nên chạy được dưới Content-Security-Policy chặt.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const nut of document.querySelectorAll("button.nut-in")) {
    nut.hidden = false;
    nut.addEventListener("click", () => window.print());
  }
});
