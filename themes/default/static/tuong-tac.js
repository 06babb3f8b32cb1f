// tuong-tac.js — tương tác trên trang một mục, không tải gì từ bên thứ ba trước khi người đọc bấm:
//  1. nút "Chép đường dẫn" và "Chia sẻ qua Zalo" (bảng chia sẻ của máy; nếu không có thì chép đường dẫn);
//  2. video trên nền tảng ngoài: chỉ tạo khung phát (iframe) khi người đọc bấm "Phát video tại đây";
//  3. trạng thái cuộc thi cập nhật theo ngày hôm nay (trang dựng sẵn trạng thái tại ngày dựng).
// Không có JavaScript: các nút này ẩn, liên kết chia sẻ và liên kết xem video vẫn dùng được.

function announce(box, text) {
  if (box) {
    box.textContent = "";
    window.setTimeout(() => { box.textContent = text; }, 50);
  }
}

async function copy(url) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(url);
    return true;
  }
  return false;
}

function wireShare(block) {
  const url = block.dataset.url || window.location.href;
  const live = block.querySelector(".thong-bao-chia-se");
  const copyButton = block.querySelector(".nut-chep");
  const zalo = block.querySelector(".nut-zalo");
  if (copyButton) {
    copyButton.hidden = false;
    copyButton.addEventListener("click", async () => {
      try {
        announce(live, (await copy(url)) ? "Đã chép đường dẫn." : "Không chép được; hãy chép địa chỉ trên thanh địa chỉ.");
      } catch {
        announce(live, "Không chép được; hãy chép địa chỉ trên thanh địa chỉ.");
      }
    });
  }
  if (zalo) {
    zalo.hidden = false;
    zalo.addEventListener("click", async () => {
      if (navigator.share) {
        try {
          await navigator.share({ title: document.title, url });
          return;
        } catch {
          // The reader closed the share sheet: nothing to do.
          return;
        }
      }
      try {
        announce(live, (await copy(url)) ? "Đã chép đường dẫn; mở Zalo và dán vào cuộc trò chuyện để chia sẻ." : "Hãy chép địa chỉ trang và dán vào Zalo.");
      } catch {
        announce(live, "Hãy chép địa chỉ trang và dán vào Zalo.");
      }
    });
  }
}

function wireVideo(box) {
  const button = box.querySelector(".nut-phat");
  const src = box.dataset.nhung;
  if (!button || !src) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    const frame = document.createElement("iframe");
    frame.src = src;
    frame.title = box.dataset.tieuDe || "Video";
    frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    frame.className = "khung-video";
    const poster = box.querySelector(".anh-video");
    if (poster) poster.replaceWith(frame); else box.prepend(frame);
    button.remove();
    frame.focus();
  });
}

// Today in Vietnam (UTC+7) as YYYY-MM-DD, whatever the reader's time zone.
function todayVn() {
  const d = new Date(Date.now() + 7 * 3600 * 1000);
  return d.toISOString().slice(0, 10);
}

function updateStatus(el) {
  const start = el.dataset.batDau;
  const end = el.dataset.ketThuc;
  const today = todayVn();
  let status = "Đang diễn ra";
  if (start && today < start) status = "Sắp diễn ra";
  else if (end && today > end) status = "Đã kết thúc";
  if (el.textContent.trim() !== status) el.textContent = status;
}

document.querySelectorAll("[data-chia-se]").forEach(wireShare);
document.querySelectorAll("[data-nhung]").forEach(wireVideo);
document.querySelectorAll("[data-trang-thai-cuoc-thi]").forEach(updateStatus);
