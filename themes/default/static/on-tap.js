// on-tap.js — chấm điểm bài ôn tập ngay trên máy người đọc (không gửi gì đi đâu).
// Mỗi câu hỏi là một <fieldset data-dap-an="B"> chứa các nút chọn và một <details> có đáp án,
// căn cứ pháp lý. Không có JavaScript: người đọc tự mở <details> để xem đáp án.

function score(form) {
  const questions = form.querySelectorAll("fieldset[data-dap-an]");
  let right = 0;
  let answered = 0;
  questions.forEach((q) => {
    const chosen = q.querySelector("input[type=radio]:checked");
    const verdict = q.querySelector(".ket-qua-cau");
    q.classList.remove("dung", "sai");
    if (!chosen) {
      if (verdict) verdict.textContent = "Chưa chọn đáp án.";
      return;
    }
    answered += 1;
    const ok = chosen.value === q.dataset.dapAn;
    if (ok) right += 1;
    q.classList.add(ok ? "dung" : "sai");
    if (verdict) verdict.textContent = ok ? "Đúng." : `Chưa đúng: đáp án đúng là ${q.dataset.dapAn}.`;
    const details = q.querySelector("details");
    if (details) details.open = true;
  });
  const total = form.querySelector(".tong-ket");
  if (total) {
    total.textContent = `Bạn trả lời đúng ${right}/${questions.length} câu (đã trả lời ${answered} câu).`;
    total.focus();
  }
}

document.querySelectorAll("form[data-on-tap]").forEach((form) => {
  form.querySelectorAll(".chi-khi-co-js").forEach((el) => { el.hidden = false; });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    score(form);
  });
  form.addEventListener("reset", () => {
    form.querySelectorAll("fieldset").forEach((q) => q.classList.remove("dung", "sai"));
    form.querySelectorAll(".ket-qua-cau, .tong-ket").forEach((el) => { el.textContent = ""; });
    form.querySelectorAll("details").forEach((d) => { d.open = false; });
  });
});
