"""Name pools per naming culture (native spelling first). Compact string tables, parsed in names.py.

Formats
- Cyrillic given: ``native[=russian equivalent][:nick,nick]`` (Ukrainian names carry the Russian
  form that Russian-speaking or older records use: Олександр=Александр).
- Curated Latin variants: ``native:Variant1,Variant2[:nick,...]`` (first variant = passport form).
- Arabic tables separate entries with "; " (natives may contain spaces, as in عبد الله);
  family: ``native:article:Base1,Base2`` (article "al" gives al-/Al-/El-/Al… forms).
- Han: ``simplified:traditional:pinyin:wade-giles``.
"""

# ---------------------------------------------------------------- Cyrillic
UK_GIVEN_M = ("Олександр=Александр:Sasha,Sanya Юрій=Юрий:Yura Сергій=Сергей Андрій=Андрей "
              "Дмитро=Дмитрий:Dima Микола=Николай:Kolya Олексій=Алексей:Lyosha "
              "Володимир=Владимир:Vova Віктор=Виктор Іван=Иван:Vanya Петро=Пётр Тарас Богдан "
              "Ярослав:Slavik Євген=Евгений:Zhenya Максим:Max Василь=Василий Артем=Артём Ігор=Игорь")
UK_GIVEN_F = "Олена=Елена Наталія=Наталья Оксана Ірина=Ирина Юлія=Юлия Тетяна=Татьяна Анна Вікторія"
UK_FAMILY = ("Коваленко Шевченко Бондаренко Ткаченко Кравченко Олійник Щербак Мельник Поліщук "
             "Лисенко Руденко Савченко Бойко Гнатюк Жук Яковенко Марченко Зінченко Ковальчук "
             "Гаврилюк Левченко Кузьменко Ющенко Сидоренко Петренко Хоменко Федорчук Мороз")
UK_PATRONYMIC = ("Олександр:Олександрович:Олександрівна Петро:Петрович:Петрівна "
                 "Іван:Іванович:Іванівна Микола:Миколайович:Миколаївна Сергій:Сергійович:Сергіївна "
                 "Юрій:Юрійович:Юріївна Андрій:Андрійович:Андріївна Василь:Васильович:Василівна "
                 "Володимир:Володимирович:Володимирівна Віктор:Вікторович:Вікторівна")
UK_PATRONYMIC_RU = {"Олександрович": "Александрович", "Миколайович": "Николаевич",
                    "Сергійович": "Сергеевич", "Юрійович": "Юрьевич", "Андрійович": "Андреевич",
                    "Васильович": "Васильевич", "Володимирович": "Владимирович",
                    "Іванович": "Иванович", "Вікторович": "Викторович"}

RU_GIVEN_M = ("Александр:Sasha,Alex Дмитрий:Dima Сергей Алексей:Alyosha,Alex Андрей Юрий:Yura "
              "Николай:Kolya Евгений:Zhenya Михаил:Misha Владимир:Vova Игорь Максим:Max Артём "
              "Иван:Vanya Пётр Вадим Денис Роман Кирилл Олег Станислав:Stas Григорий:Grisha")
RU_GIVEN_F = "Наталья Екатерина:Katya Ольга Анастасия:Nastya Татьяна Елена Ирина Юлия Мария"
RU_FAMILY = ("Жуков Щербаков Иванов Петров Смирнов Кузнецов Попов Соколов Волков Морозов Новиков "
             "Фёдоров Зайцев Ковалёв Белов Егоров Чернов Орлов Лебедев Козлов Голубев Виноградов "
             "Богданов Воробьёв Тарасов Медведев Алексеев Григорьев Сорокин Цыганов Хабибуллин")
RU_PATRONYMIC = ("Александр:Александрович:Александровна Сергей:Сергеевич:Сергеевна "
                 "Иван:Иванович:Ивановна Пётр:Петрович:Петровна Николай:Николаевич:Николаевна "
                 "Юрий:Юрьевич:Юрьевна Дмитрий:Дмитриевич:Дмитриевна Владимир:Владимирович:Владимировна "
                 "Михаил:Михайлович:Михайловна Игорь:Игоревич:Игоревна Олег:Олегович:Олеговна")

BG_GIVEN_M = ("Георги:Gosho Иван:Vanko Димитър:Mitko Стоян Николай:Niki Петър Христо:Itso Йордан "
              "Васил Тодор:Tosho Атанас:Nasko Красимир Пламен Калоян Цветан")
BG_GIVEN_F = "Мария Елена Цветелина Десислава Гергана Радостина Йорданка"
BG_FAMILY = ("Иванов Георгиев Димитров Петров Николов Христов Стоянов Тодоров Илиев Василев "
             "Ангелов Атанасов Йорданов Колев Маринов Пеев Цветков Кирилов Желязков Щерев")

SR_GIVEN_M = "Никола Марко Стефан Лазар Милош Душан Ђорђе Немања Вук Бојан Жељко Драган Бранислав"
SR_GIVEN_F = "Јелена Милица Ана Драгана Снежана Ивана"
SR_FAMILY = ("Јовановић Петровић Николић Марковић Ђорђевић Стојановић Илић Ђурић Павловић "
             "Милошевић Станковић Живковић Томић Савић Радовановић Лазић Ћирић Филиповић")

# ---------------------------------------------------------------- Greek (curated: ELOT 743 first)
GR_GIVEN_M = ("Γεώργιος:Georgios,Giorgos,Yorgos,Yiorgos:George Δημήτριος:Dimitrios,Dimitris,Demetrios:Jim "
              "Κωνσταντίνος:Konstantinos,Kostas,Constantinos:Costa Ιωάννης:Ioannis,Giannis,Yannis:John "
              "Νικόλαος:Nikolaos,Nikos,Nicholas:Nick Παναγιώτης:Panagiotis,Panayiotis,Panagiotes:Panos "
              "Χρήστος:Christos,Hristos,Chrestos:Chris Βασίλειος:Vasileios,Vasilis,Vassilios:Bill "
              "Αθανάσιος:Athanasios,Thanasis,Athanassios:Thanos Σπυρίδων:Spyridon,Spiridon,Spyros:Spiros "
              "Μιχαήλ:Michail,Michael,Mihail:Mike Ευάγγελος:Evangelos,Vangelis,Evaggelos:Angelo")
GR_GIVEN_F = ("Ελένη:Eleni,Helen,Heleni:Lena Μαρία:Maria Αικατερίνη:Aikaterini,Ekaterini,Katerina:Kate "
              "Σοφία:Sofia,Sophia Δέσποινα:Despoina,Despina")
# masc / fem : Latin masc variants / Latin fem variants
GR_FAMILY = ("Παπαδόπουλος/Παπαδοπούλου:Papadopoulos,Papadopulos,Papadopoulus/Papadopoulou,Papadopulu "
             "Παπαδάκης/Παπαδάκη:Papadakis,Papadakes/Papadaki "
             "Οικονόμου/Οικονόμου:Oikonomou,Economou,Ikonomou/Oikonomou,Economou "
             "Γεωργίου/Γεωργίου:Georgiou,Yeorgiou,Georgiu/Georgiou,Yeorgiou "
             "Νικολάου/Νικολάου:Nikolaou,Nicolaou,Nikolaou/Nikolaou,Nicolaou "
             "Βασιλείου/Βασιλείου:Vasileiou,Vassiliou,Vasiliou/Vasileiou,Vassiliou "
             "Καραγιάννης/Καραγιάννη:Karagiannis,Karayannis,Karagianis/Karagianni,Karayanni "
             "Μακρής/Μακρή:Makris,Macris/Makri,Macri Αντωνίου/Αντωνίου:Antoniou,Andoniou/Antoniou,Andoniou "
             "Χατζηδάκης/Χατζηδάκη:Chatzidakis,Hatzidakis,Xatzidakis/Chatzidaki,Hatzidaki "
             "Ιωάννου/Ιωάννου:Ioannou,Joannou/Ioannou,Joannou Αλεξίου/Αλεξίου:Alexiou,Aleksiou/Alexiou,Aleksiou "
             "Κωνσταντινίδης/Κωνσταντινίδου:Konstantinidis,Constantinides,Konstantinides/"
             "Konstantinidou,Constantinidou")

# ---------------------------------------------------------------- Arabic (curated)
AR_GIVEN_M = ("محمد:Mohammed,Muhammad,Mohamed,Mohammad,Mohamad; أحمد:Ahmed,Ahmad,Ahmet; "
              "عبد الله:Abdullah,Abdallah,Abd Allah,Abdellah,Abdulla; علي:Ali,Aly; "
              "حسين:Hussein,Husain,Hussain,Houssein,Hossein; يوسف:Youssef,Yousef,Yusuf,Youssouf,Yousif; "
              "خالد:Khaled,Khalid,Khaleed; عمر:Omar,Umar,Omer; إبراهيم:Ibrahim,Ebrahim,Brahim; "
              "مصطفى:Mustafa,Mostafa,Moustafa,Mostapha; طارق:Tarek,Tariq,Tareq,Tarik; "
              "كريم:Karim,Kareem,Kerim; سعيد:Said,Saeed,Saïd,Sayed; حسن:Hassan,Hasan,Hassane; "
              "عبد الرحمن:Abdelrahman,Abdul Rahman,Abd al-Rahman,Abdulrahman,Abderrahmane; "
              "ياسين:Yassine,Yasin,Yaseen; هشام:Hisham,Hicham,Hesham; فيصل:Faisal,Faysal,Fayssal; "
              "سلمان:Salman,Selman; نبيل:Nabil,Nabeel; وليد:Walid,Waleed,Oualid")
AR_GIVEN_F = ("فاطمة:Fatima,Fatma,Fatimah,Fatema; مريم:Maryam,Mariam,Meriem; ليلى:Layla,Leila,Laila; "
              "نور:Nour,Noor,Nur; سارة:Sara,Sarah; أمينة:Amina,Aminah,Amena")
AR_FAMILY = ("المصري:al:Masri,Masry; الشمري:al:Shammari,Shamari; الزهراني:al:Zahrani; "
             "النجار:al:Najjar,Naggar,Najar; حداد::Haddad,Hadad; منصور::Mansour,Mansur,Mansoor; "
             "عثمان::Osman,Othman,Uthman; صالح::Saleh,Salih,Salah; القحطاني:al:Qahtani,Kahtani,Gahtani; "
             "العتيبي:al:Otaibi,Otaiby,Utaybi; الحسيني:al:Husseini,Hosseini,Husaini; "
             "بنعلي::Benali,Ben Ali,Ben-Ali; العلوي:al:Alaoui,Alawi; الفاسي:al:Fassi,Fasi; "
             "عبد العزيز::Abdelaziz,Abdul Aziz,Abdulaziz,Abd al-Aziz; الخطيب:al:Khatib,Khateeb; "
             "الطحان:al:Tahhan,Tahan; درويش::Darwish,Darwiche,Dervish; الرفاعي:al:Rifai,Refaei,Rifaai")

# ---------------------------------------------------------------- Han (simp:trad:pinyin:wade-giles)
ZH_FAMILY = ("王:王:Wang:Wang 李:李:Li:Li 张:張:Zhang:Chang 刘:劉:Liu:Liu 陈:陳:Chen:Chen "
             "杨:楊:Yang:Yang 黄:黃:Huang:Huang 赵:趙:Zhao:Chao 周:周:Zhou:Chou 吴:吳:Wu:Wu "
             "徐:徐:Xu:Hsu 孙:孫:Sun:Sun 马:馬:Ma:Ma 朱:朱:Zhu:Chu 胡:胡:Hu:Hu 郭:郭:Guo:Kuo "
             "林:林:Lin:Lin 何:何:He:Ho 高:高:Gao:Kao 罗:羅:Luo:Lo 郑:鄭:Zheng:Cheng 谢:謝:Xie:Hsieh")
ZH_GIVEN = ("小:小:xiao:hsiao 明:明:ming:ming 伟:偉:wei:wei 芳:芳:fang:fang 军:軍:jun:chun "
            "杰:傑:jie:chieh 华:華:hua:hua 磊:磊:lei:lei 强:強:qiang:chiang 洋:洋:yang:yang "
            "勇:勇:yong:yung 静:靜:jing:ching 丽:麗:li:li 涛:濤:tao:tao 斌:斌:bin:pin "
            "鹏:鵬:peng:peng 辉:輝:hui:hui 建:建:jian:chien 国:國:guo:kuo 志:志:zhi:chih "
            "文:文:wen:wen 海:海:hai:hai 平:平:ping:ping 东:東:dong:tung 宇:宇:yu:yu "
            "浩:浩:hao:hao 龙:龍:long:lung 俊:俊:jun:chun 娜:娜:na:na 晓:曉:xiao:hsiao 红:紅:hong:hung")
ZH_ENGLISH = "Tony Kevin Jack Eric Jason Leo Vincent Alan David Michael Lily Amy Coco"

# ---------------------------------------------------------------- Korean / Japanese (curated)
KO_FAMILY = ("김:Kim,Gim 이:Lee,Yi,Rhee 박:Park,Pak,Bak 최:Choi,Choe 정:Jung,Jeong,Chung 강:Kang,Gang "
             "조:Cho,Jo 윤:Yoon,Yun 장:Jang,Chang 임:Lim,Im")
KO_SYLLABLE = ("민:Min 준:Jun,Joon 서:Seo,Suh 지:Ji 훈:Hoon,Hun 현:Hyun,Hyeon 우:Woo,U 도:Do "
               "윤:Yoon,Yun 연:Yeon,Yun 영:Young,Yeong 호:Ho 성:Sung,Seong 수:Su,Soo 진:Jin "
               "혜:Hye 은:Eun 재:Jae 상:Sang 동:Dong,Tong")
JA_FAMILY = ("佐藤:Sato,Satō,Satou,Satoh 鈴木:Suzuki 高橋:Takahashi 田中:Tanaka 伊藤:Ito,Itō,Itoh,Itou "
             "渡辺:Watanabe 山本:Yamamoto 中村:Nakamura 小林:Kobayashi 加藤:Kato,Katō,Katoh")
JA_GIVEN_M = ("健:Ken 翔太:Shota,Shōta,Shouta 大輔:Daisuke 拓也:Takuya 浩:Hiroshi 誠:Makoto "
              "直樹:Naoki 健一:Kenichi,Ken'ichi 隆:Takashi 雄一:Yuichi,Yūichi,Yuuichi")
JA_GIVEN_F = "優子:Yuko,Yūko,Yuuko 恵:Megumi 由美:Yumi 裕子:Hiroko"

# ---------------------------------------------------------------- Vietnamese / Turkish
VI_FAMILY = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương"
VI_MIDDLE_M = "Văn Đức Minh Quang Hữu Thanh Công"
VI_MIDDLE_F = "Thị Ngọc Thu Thanh"
VI_GIVEN_M = "An Bình Cường Dũng Hải Hùng Huy Khánh Long Nam Phong Quân Sơn Thắng Tuấn Việt Đạt"
VI_GIVEN_F = "Hương Lan Linh Mai Ngọc Thảo Trang Hà"
TR_GIVEN_M = ("Şükrü Mehmet Mustafa Ahmet Hüseyin Hasan İbrahim Yusuf Ömer Murat Emre Burak "
              "Özgür Çağlar Gökhan Serkan Tolga Uğur Barış")
TR_GIVEN_F = "Ayşe Fatma Zeynep Elif Gül Büşra Şeyma"
TR_FAMILY = ("Öztürk Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Aydın Özdemir Arslan Doğan "
             "Kılıç Aslan Çetin Kara Koç Kurt Özkan Şimşek Güneş Erdoğan")

# ---------------------------------------------------------------- Latin-script cultures
DE_GIVEN_M = "Jürgen Günter Jörg Björn Stefan Thomas Michael Andreas Markus Sebastian Lukas Maximilian Dirk Uwe"
DE_GIVEN_F = "Katrin Sabine Jana Jülide Bärbel Anja"
DE_FAMILY = ("Müller Schröder Schäfer Groß Weiß Köhler Krüger Fuchs Schmidt Schneider Fischer Meyer "
             "Wagner Becker Hoffmann Strauß Bäcker Jäger Mößner Günther Voß")
FR_GIVEN_M = "Jérôme François Stéphane Frédéric Sébastien Thierry Nicolas Julien Rémi Cédric Loïc"
FR_GIVEN_F = "Hélène Élodie Céline Amélie Anaïs"
FR_FAMILY = "Lefèvre Dubois Moreau Lefebvre Girard Bérenger Rousseau Mercier Faure Gauthier Lemaître Benoît Roché"
ES_GIVEN_M = "José Jesús Raúl Sergio Álvaro Javier Andrés Íñigo Rubén Adrián"
ES_GIVEN_F = "María Lucía Inés Sofía Begoña"
ES_FAMILY = "García Fernández López Martínez Sánchez Pérez Gómez Muñoz Díaz Ruiz Hernández Jiménez Ibáñez Núñez"
IT_GIVEN_M = "Giuseppe Giovanni Francesco Luca Marco Alessandro Andrea Niccolò Salvatore Gianluca"
IT_GIVEN_F = "Giulia Chiara Francesca Federica"
IT_FAMILY = "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno De Luca D'Angelo Caruso"
NL_GIVEN_M = "Jan Pieter Daan Sem Thijs Bram Joost Ruud Sjoerd"
NL_GIVEN_F = "Anouk Sanne Femke"
NL_FAMILY = "de Vries|van den Berg|van Dijk|Bakker|Janssen|Visser|Smit|de Jong|Mulder|van der Meer|Brouwer"
PL_GIVEN_M = "Łukasz Paweł Michał Krzysztof Wojciech Grzegorz Tomasz Jakub Bartłomiej Przemysław"
PL_GIVEN_F = "Agnieszka Małgorzata Katarzyna Żaneta"
PL_FAMILY = ("Kowalski Nowak Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański "
             "Woźniak Dąbrowski Kozłowski Jabłoński Król")
PT_GIVEN_M = "João José Antônio Sebastião Luís Gonçalo Marcos Thiago Rodrigo Vinícius"
PT_GIVEN_F = "Luana Conceição Letícia Júlia"
PT_FAMILY = "Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gonçalves Araújo Conceição"
EN_GIVEN_M = ("William:Bill,Will,Billy Robert:Bob,Rob,Bobby Richard:Rick,Dick James:Jim,Jimmy "
              "Michael:Mike Christopher:Chris Daniel:Dan,Danny Matthew:Matt Joseph:Joe "
              "Thomas:Tom Anthony:Tony John:Johnny Steven:Steve Jonathan:Jon")
EN_GIVEN_F = "Jennifer:Jen Elizabeth:Liz,Beth Katherine:Kate,Kathy Margaret:Peggy,Maggie Jessica:Jess"
EN_FAMILY = ("Smith Johnson Williams Brown Jones Miller Davis Wilson Taylor Anderson Thompson White "
             "Harris Clark O'Brien McDonald Walker Robinson")
NG_GIVEN_M = ("Chukwuemeka:Emeka Oluwaseun:Seun Adebayo:Bayo Ifeanyi:Ify Babatunde:Tunde Chinedu "
              "Obinna Olumide:Mide Ibrahim Musa Abubakar")
NG_GIVEN_F = "Ngozi Funmilayo:Funmi Chiamaka:Amaka Aisha"
NG_FAMILY = "Okafor Adeyemi Okonkwo Eze Bello Ogunleye Nwosu Ibrahim Abubakar Balogun Musa Obi"
HI_GIVEN_M = "Rahul Amit Sanjay Vikram Arjun Rajesh Suresh Anil Deepak Karthik"
HI_GIVEN_F = "Priya Anjali Pooja Neha"
# Latin variants of Indian family names
HI_FAMILY = ("Sharma Patel Kumar Singh Gupta Reddy Iyer Nair Chowdhury:Choudhary,Chaudhary,Chaudhari "
             "Srivastava:Shrivastava Mukherjee:Mukherji Banerjee:Banerji Agarwal:Aggarwal,Agrawal")

# ---------------------------------------------------------------- namesakes
# (culture, gender, given native, family native): common names that unrelated people share
COMMON_NAMES = [
    ("zh", "male", "伟", "王"), ("zh", "female", "娜", "李"), ("zh", "male", "伟", "张"),
    ("ar", "male", "محمد", "علي"), ("ar", "male", "أحمد", "حسن"), ("ru", "male", "Иван", "Петров"),
    ("ru", "male", "Сергей", "Иванов"), ("en", "male", "John", "Smith"),
    ("en", "male", "Michael", "Johnson"), ("vi", "male", "Nam", "Nguyễn"),
    ("es", "female", "María", "García"), ("es", "male", "José", "García"),
    ("tr", "male", "Mehmet", "Yılmaz"), ("de", "male", "Thomas", "Müller"),
    ("hi", "male", "Rahul", "Sharma"), ("ng", "male", "Ibrahim", "Musa"),
    ("ko", "male", "민준", "김"), ("uk", "male", "Олександр", "Шевченко"),
]

HANDLE_WORDS = ["dark", "shadow", "ghost", "wolf", "crypto", "zero", "root", "neo", "viper", "phantom", "hydra", "kraken", "raven", "storm", "byte", "hex", "void", "nova", "sly", "grim", "frost", "blaze", "cipher", "venom", "rogue", "spectre", "onyx", "jackal"]
